"""Folding text for matching: one length-preserving table. Pure functions, no ORM.

Lower case, diacritics removed ("Türkiye" = "Turkiye"), and every character
that is not a letter or a digit becomes a space (apostrophes, quotes, dashes,
brackets, full stops). Position i in the folded text is position i in the
original, so a match in folded text maps straight back. Latin-1 text goes
through `bytes.translate` (about 1 GB/s), the rest through `str.translate`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters the fold table covers (Latin, Greek, Cyrillic, punctuation, ideographic space).
_FOLD_RANGES = ((0x0000, 0x0530), (0x1E00, 0x1F00), (0x2000, 0x2070), (0x3000, 0x3001))
# Letters that NFKD does not decompose but readers treat as the plain letter.
_EXTRA_BASES = {"ı": "i", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h"}


def _fold_char(char: str, keep_case: bool) -> str:
    base = _EXTRA_BASES.get(char)
    if base is None:
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        if len(base) != 1:
            base = char
    if not base.isalnum():
        return " "
    if not keep_case:
        lowered = base.lower()
        if len(lowered) == 1:
            base = lowered
    return base


@lru_cache(maxsize=2)
def _fold_table(keep_case: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for start, stop in _FOLD_RANGES:
        for code in range(start, stop):
            char = chr(code)
            folded = _fold_char(char, keep_case)
            if code < 256 and ord(folded) > 255:
                folded = char  # stay within Latin-1, as the bytes fast path must ("µ")
            if folded != char:
                table[code] = folded
    return table


FOLD = _fold_table(False)
FOLD_KEEP_CASE = _fold_table(True)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Punctuation above U+00FF that news text is full of; all of it folds to a space.
_WIDE_PUNCTUATION = "\u2019\u2018\u201c\u201d\u2013\u2014\u2026\u2032\u02bc"


def _byte_table(table: dict[int, str]) -> bytes:
    """The fold table for Latin-1 text, as a `bytes.translate` table."""
    out = bytearray(range(256))
    for code in range(256):
        folded = table.get(code, chr(code))
        out[code] = ord(folded) if ord(folded) < 256 else code
    return bytes(out)


def _non_ascii_folder(table: dict[int, str]):  # type: ignore[no-untyped-def]
    chars = {chr(code): folded for code, folded in table.items() if code > 0x7F}

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        return chars.get(char, char)

    return replace


_BYTES = _byte_table(FOLD)
_BYTES_KEEP_CASE = _byte_table(FOLD_KEEP_CASE)
_FOLD_NON_ASCII = _non_ascii_folder(FOLD)
_FOLD_NON_ASCII_KEEP_CASE = _non_ascii_folder(FOLD_KEEP_CASE)


def fold(text: str, *, keep_case: bool = False) -> str:
    """Fold case (unless `keep_case`), diacritics and punctuation (to spaces).

    The result has exactly the length of `text`: position i in the folded
    text is position i in the original.

    Speed matters here (every character of every article passes through):
    Latin-1 text goes through `bytes.translate` (a 256-byte table, about
    1 GB/s), after the usual typographic quotes and dashes are replaced;
    anything else through `str.translate`, whose dictionary lookups are 50
    times slower, with its non-ASCII characters folded first by a regex.
    """
    if not text.isascii():
        for char in _WIDE_PUNCTUATION:
            if char in text:
                text = text.replace(char, " ")
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        text = _NON_ASCII.sub(_FOLD_NON_ASCII_KEEP_CASE if keep_case else _FOLD_NON_ASCII, text)
        return text.translate(FOLD_KEEP_CASE if keep_case else FOLD)
    return raw.translate(_BYTES_KEEP_CASE if keep_case else _BYTES).decode("latin-1")


def fold_pattern(text: str, *, keep_case: bool = False) -> str:
    """A name or alias as the automaton stores it (without the leading space)."""
    return fold(" ".join(text.split()), keep_case=keep_case).strip()

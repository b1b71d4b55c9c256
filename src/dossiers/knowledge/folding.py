"""Folding text for matching: one length-preserving table. Pure functions, no ORM.

Lower case, diacritics removed ("Türkiye" = "Turkiye"), and every character
that is not a letter or a digit becomes a space (apostrophes, quotes, dashes,
brackets, full stops). Position i in the folded text is position i in the
original, so a match in folded text maps straight back. Latin-1 text goes
through `bytes.translate` (about 1 GB/s), the rest through `str.translate`.

Before folding, `unify` removes what a reader cannot see inside a name (soft
hyphens, zero-width spaces and joiners, byte-order marks, combining accents
written as separate characters: NFD text) and expands compatibility
ligatures ("ﬁ"). That changes the length, so it returns, for text that has
any of these (rare), where each of its characters came from: matches are
mapped back to the original text. Search reads queries and documents
through the same `normalize`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters the fold table covers (Latin, Greek, Cyrillic, punctuation, ideographic space).
_FOLD_RANGES = ((0x0000, 0x0530), (0x1E00, 0x1F00), (0x2000, 0x2070), (0x3000, 0x3001))
# Letters that NFKD does not decompose but readers treat as the plain letter.
_EXTRA_BASES = {"ı": "i", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h"}
# Letters to Unicode (modifier letters) but apostrophes to readers: "NATOʼs", "Hawaiʻi".
_APOSTROPHE_LETTERS = frozenset("\u02b9\u02bb\u02bc\u02bd\ua78c")


def _fold_char(char: str, keep_case: bool) -> str:
    if char in _APOSTROPHE_LETTERS:
        return " "
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


def _non_ascii_folder(table: dict[int, str], keep_case: bool):  # type: ignore[no-untyped-def]
    chars = {chr(code): folded for code, folded in table.items() if code > 0x7F}
    chars.update((chr(code), chr(code)) for code in range(0x80, 0x530) if code not in table)

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        folded = chars.get(char)
        if folded is None:
            # Beyond the table's ranges (a minus sign, fullwidth letters): fold it alike.
            folded = chars[char] = _fold_char(char, keep_case)
        return folded

    return replace


_BYTES = _byte_table(FOLD)
_BYTES_KEEP_CASE = _byte_table(FOLD_KEEP_CASE)
_FOLD_NON_ASCII = _non_ascii_folder(FOLD, False)
_FOLD_NON_ASCII_KEEP_CASE = _non_ascii_folder(FOLD_KEEP_CASE, True)


# Invisible in a name: soft hyphen, zero-width space, non-joiner, joiner, word joiner,
# BOM; combining marks (a decomposed "é" is "e" + U+0301); the Latin ligatures.
_UNIFY = re.compile(
    "[\u00ad\u200b-\u200d\u2060\ufeff\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff"
    "\u20d0-\u20ff\ufe20-\ufe2f\ufb00-\ufb06]+"
)


# Characters whose low byte is rare in text, so that `in` (memchr) finds them fast.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def _needs_unify(text: str) -> bool:
    """Whether `text` may hold anything `unify` changes; False is always right.

    This runs on every article, so it avoids a scan per character: `in`
    (memchr) for the invisible characters, and for the blocks of combining
    marks and ligatures one byte in the UTF-16 encoding (U+03xx, U+1Axx,
    U+1Dxx, U+FBxx). Greek text or a "û" also has such a byte: it then takes
    the regex, which decides.
    """
    if "\u00ad" in text:
        return True
    # (In Latin-1 text these `in` return at once: the string cannot hold them.)
    for char in _INVISIBLE:
        if char in text:
            return True
    wide = text.encode("utf-16-be", "surrogatepass")  # lone surrogates come from fuzzers
    return b"\x03" in wide or b"\xfb" in wide or b"\x1a" in wide or b"\x1d" in wide


def unify(text: str) -> tuple[str, list[int] | None]:
    """`text` without invisible characters and with ligatures expanded, and the map back.

    The map is None when nothing changed (almost always). Otherwise
    `where[i]` is the index in `text` of the result's character i, with one
    more entry (len(text)) so that an end offset maps too.
    """
    if text.isascii():
        return text, None
    if not _needs_unify(text) or _UNIFY.search(text) is None:
        return text, None
    parts: list[str] = []
    where: list[int] = []
    position = 0
    for match in _UNIFY.finditer(text):
        start = match.start()
        parts.append(text[position:start])
        where.extend(range(position, start))
        for offset, char in enumerate(match.group()):
            if "ﬀ" <= char <= "ﬆ":
                expanded = unicodedata.normalize("NFKC", char)
                parts.append(expanded)
                where.extend([start + offset] * len(expanded))
        position = match.end()
    parts.append(text[position:])
    where.extend(range(position, len(text) + 1))
    return "".join(parts), where


def normalize(text: str) -> str:
    """Text as search reads it, queries and documents alike: NFKC (accents composed,
    compatibility forms replaced), then `unify` as the linker does (nothing invisible
    left inside a word, no stray combining mark)."""
    if text.isascii():
        return text
    return unify(unicodedata.normalize("NFKC", text))[0]


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
    return fold(" ".join(unify(text)[0].split()), keep_case=keep_case).strip()

"""Plain-text helpers shared by every app."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.text import slugify

_WORD = re.compile(r"\w+(?:[’'-]\w+)*", re.UNICODE)
_SPACE = re.compile(r"\s+")
# C0 controls but tab, newline and carriage return; DEL and the C1 controls; lone
# surrogates (no UTF-8 encoding, so no database or sanitiser can take them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def strip_control_characters(text: str) -> tuple[str, int]:
    """`text` without control characters (tab and line breaks kept) and lone surrogates,
    and how many were removed."""
    return _CONTROL.subn("", text)


def without_control_characters(text: str) -> str:
    return _CONTROL.sub("", text)


def collapse_whitespace(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


def truncate_words(text: str, limit: int) -> str:
    """The first `limit` words of `text`, ending with an ellipsis when cut."""
    text = collapse_whitespace(text)
    matches = list(_WORD.finditer(text))
    if len(matches) <= limit:
        return text
    cut = matches[limit - 1].end()
    return text[:cut].rstrip(" ,;:") + "…"


def summary_from_text(text: str, *, words: int = 40) -> str:
    """A summary from plain text: its first whole sentences, up to about `words` words.

    It ends on a whole sentence; only a first sentence far longer than the limit is cut
    (at a word, with an ellipsis)."""
    text = collapse_whitespace(text)
    sentences = re.split(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9À-Þ])", text)
    picked: list[str] = []
    count = 0
    for sentence in sentences:
        n = word_count(sentence)
        if picked and count + n > words:
            break
        picked.append(sentence)
        count += n
    summary = " ".join(picked)
    return truncate_words(summary, words * 3 // 2)


def unique_slug(value: str, *, exists: Callable[[str], bool], max_length: int = 200) -> str:
    """A slug from `value` that `exists` says is free, suffixed -2, -3… when taken."""
    base = slugify(value)[:max_length].strip("-") or "item"
    candidate = base
    n = 2
    while exists(candidate):
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    return candidate


def join_human(items: list[str], *, conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (no Oxford comma, as in British house style)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def pluralize(count: int, singular: str, plural: str | None = None) -> str:
    """'1 Comment', '0 Comments', '3 analyses'."""
    word = singular if count == 1 else (plural or singular + "s")
    return f"{count} {word}"

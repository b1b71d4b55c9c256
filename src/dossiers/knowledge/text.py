"""Article HTML in and out of the linker. Pure functions on strings (no ORM).

`linkable_text` gives the matcher the words a reader sees, minus those that
must never be linked: existing links, code and preformatted blocks (HTML
tags and their attributes disappear with the tags). `link_first_mentions`
puts links to entity pages into rendered HTML, at the first mention of each
entity, outside links, code and headings; the stored Markdown is untouched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from dossiers.knowledge.folding import fold

_SKIPPED_BLOCKS = re.compile(
    r"<(a|code|pre|script|style|kbd|samp)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_BLOCK_END = re.compile(
    r"</(?:p|h[1-6]|li|blockquote|pre|tr|td|th|dt|dd|figcaption|div|table|ul|ol)\s*>|<br\s*/?>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")


def linkable_text(fragment: str) -> str:
    """Plain text to match from sanitised HTML: one line per block, no links, no code."""
    if "<" in fragment:
        fragment = _SKIPPED_BLOCKS.sub(" ", fragment)
        # A line break inside a block is a soft wrap of the source ("the European\nUnion"):
        # a space to the reader. Lines are the blocks, ended by their closing tags below.
        fragment = fragment.replace("\n", " ")
        fragment = _BLOCK_END.sub("\n", fragment)
        fragment = _TAG.sub("", fragment)
    if "&" in fragment:
        fragment = html.unescape(fragment)
    lines = (_tidy(line) for line in fragment.split("\n"))
    return "\n".join(line for line in lines if line)


def _tidy(line: str) -> str:
    """`line` with runs of whitespace as one space and none at the ends.

    Most lines are tidy already; checking that costs half as much as
    splitting them into words (a re-link does it for every article). A
    printable line holds no whitespace but the plain space (tabs, no-break
    spaces and line separators are not printable).
    """
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line
    return " ".join(line.split())


@dataclass(frozen=True)
class EntityLink:
    surface: str  # how the article's body first names the entity
    url: str
    title: str  # the entity's name, for the link's title attribute


# Text inside these elements is never linked.
_NO_LINK_INSIDE = frozenset(
    {
        "a",
        "code",
        "pre",
        "kbd",
        "samp",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "script",
        "style",
        "button",
        "figcaption",
    }
)
_TOKEN = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
_VOID = frozenset({"br", "hr", "img", "wbr", "input", "meta", "link", "source"})


def link_first_mentions(fragment: str, links: Sequence[EntityLink]) -> str:
    """`fragment` with each entity's first mention (in linkable text) wrapped in a link.

    Mentions are found by their folded surface on word boundaries, so
    "Türkiye's" finds "Turkiye". An entity whose surface does not occur in
    linkable text (it was only in a link or code) gets no link.
    """
    pending = {fold(link.surface).strip(): link for link in links if fold(link.surface).strip()}
    if not pending or not fragment:
        return fragment
    parts = _TOKEN.split(fragment)
    closed_depth: dict[str, int] = {}
    for index, part in enumerate(parts):
        if not part:
            continue
        if part.startswith("<"):
            tag = _TAG_NAME.match(part)
            if tag and tag.group(2).lower() in _NO_LINK_INSIDE:
                name = tag.group(2).lower()
                if tag.group(1):
                    closed_depth[name] = max(closed_depth.get(name, 0) - 1, 0)
                elif name not in _VOID and not part.rstrip().endswith("/>"):
                    closed_depth[name] = closed_depth.get(name, 0) + 1
            continue
        if any(closed_depth.values()):
            continue
        parts[index] = _link_text(part, pending)
        if not pending:
            break
    return "".join(parts)


def _link_text(escaped: str, pending: dict[str, EntityLink]) -> str:
    """One text node, with the first mention of each pending entity linked (and removed)."""
    plain = html.unescape(escaped)
    folded = fold(plain)
    hits: list[tuple[int, int, str]] = []
    for key in pending:
        position = _find_word(folded, key)
        if position >= 0:
            end = position + len(key)
            if end < len(folded) and folded[end] == "s":
                end += 1
            hits.append((position, end, key))
    if not hits:
        return escaped
    hits.sort()
    out: list[str] = []
    last = 0
    for start, end, key in hits:
        if start < last:
            continue
        link = pending.pop(key)
        out.append(html.escape(plain[last:start], quote=False))
        out.append(
            f'<a class="entity-link" href="{html.escape(link.url)}" '
            f'title="{html.escape(link.title)}">{html.escape(plain[start:end], quote=False)}</a>'
        )
        last = end
    out.append(html.escape(plain[last:], quote=False))
    return "".join(out)


def _find_word(folded: str, key: str) -> int:
    position = folded.find(key)
    while position >= 0:
        before_ok = position == 0 or folded[position - 1] == " "
        end = position + len(key)
        after = folded[end : end + 2]
        after_ok = not after or after[0] == " " or (after[0] == "s" and after[1:] in ("", " "))
        if before_ok and after_ok:
            return position
        position = folded.find(key, position + 1)
    return -1

"""WordPress post content (classic or block editor) to clean HTML. Pure functions.

- Block editor: block delimiters (`<!-- wp:paragraph -->`) are dropped, reusable
  blocks are inlined, dynamic blocks (latest posts, search, tag cloud…) have
  no content of their own and are dropped with a count.
- Classic editor: paragraphs come from blank lines, as WordPress's `wpautop`
  makes them; a URL alone on a line (an oEmbed) becomes a link.
- Shortcodes (see `shortcodes`): captions, galleries, embeds, code.
- Images stay where they are, pointing at their original address, as links.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from dossiers.importers.htmlbody import html_body
from dossiers.importers.wordpress.autop import autop
from dossiers.importers.wordpress.media import Attachment
from dossiers.importers.wordpress.shortcodes import shortcodes


@dataclass(frozen=True)
class Converted:
    html: str
    counters: tuple[tuple[str, int], ...] = ()


DYNAMIC_BLOCKS = "dynamic blocks dropped (no content of their own)"

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->", re.S)
_SELF_CLOSING_BLOCK = re.compile(r"<!--\s*wp:([a-z0-9/-]+)(\s+(\{.*?\}))?\s*/-->", re.S)
_REUSABLE = re.compile(r"<!--\s*wp:block\s+(\{.*?\})\s*/-->", re.S)
_MORE = re.compile(r"<!--\s*(more|nextpage|noteaser)\b.*?-->", re.S)
_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)


def has_blocks(content: str) -> bool:
    return "<!-- wp:" in content


def convert(
    content: str,
    *,
    post_id: int = 0,
    attachments: Mapping[int, Attachment] | None = None,
    reusable: Mapping[int, str] | None = None,
) -> Converted:
    """WordPress content to sanitised HTML laid out as an article body."""
    counts: Counter[str] = Counter()
    attachments = attachments or {}
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    text = _MORE.sub("", text)
    if has_blocks(text):
        text = _inline_reusable(text, reusable or {}, counts)
        text = _drop_dynamic_blocks(text, counts)
        text = _BLOCK_COMMENT.sub("", text)
    else:
        # WordPress's order: paragraphs first, then shortcodes (which may hold blocks).
        text = autop(_embed_lines(text))
    text = shortcodes(text, post_id=post_id, attachments=attachments, counts=counts)
    return Converted(html_body(text), tuple(sorted(counts.items())))


def _inline_reusable(text: str, reusable: Mapping[int, str], counts: Counter[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        try:
            ref = int(json.loads(match.group(1)).get("ref", 0))
        except (ValueError, TypeError, AttributeError, OverflowError, RecursionError):
            ref = 0  # 1e999, a 5,000-digit number, nesting without end: no such block
        if ref in reusable:
            return reusable[ref]
        counts["reusable blocks not found in the export"] += 1
        return ""

    for _ in range(3):  # reusable blocks may hold reusable blocks; not forever
        if not _REUSABLE.search(text):
            break
        text = _REUSABLE.sub(replace, text)
    return text


def _drop_dynamic_blocks(text: str, counts: Counter[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(1) not in {"more", "nextpage", "spacer", "separator"}:
            counts[DYNAMIC_BLOCKS] += 1
        return ""

    return _SELF_CLOSING_BLOCK.sub(replace, text)


def _embed_lines(text: str) -> str:
    """A URL alone on its line is an oEmbed in WordPress: keep it as a link."""
    return _URL_LINE.sub(lambda m: f'<a href="{html.escape(m.group(1))}">{m.group(1)}</a>', text)

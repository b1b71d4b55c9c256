"""Markdown to sanitised HTML and plain text.

markdown-it-py parses (CommonMark plus tables and strikethrough); nh3 (the
Ammonia sanitiser) decides what HTML survives. Raw HTML in editor Markdown is
allowed through the parser and then sanitised, so an editor can use a <sup>
or a <figure>, but never a <script>, an event handler or a javascript: URL.
Control characters and lone surrogates are removed before parsing: whatever
the text, the functions here return HTML and never raise.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

from dossiers.core.text import without_control_characters

ARTICLE_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
}
ARTICLE_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
    "code": {"class"},
    "span": {"class"},
    "div": {"class"},
}
COMMENT_TAGS = {"a", "blockquote", "br", "code", "em", "li", "ol", "p", "pre", "strong", "ul"}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _article_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )


@lru_cache(maxsize=1)
def _comment_parser() -> MarkdownIt:
    # Readers get a small subset: paragraphs, emphasis, links, code, lists and
    # quotes. No raw HTML, no images, no headings.
    parser = MarkdownIt("zero", {"html": False})
    return parser.enable(
        [
            "emphasis",
            "link",
            "backticks",
            "list",
            "blockquote",
            "code",
            "fence",
            "newline",
            "escape",
            "autolink",
            "paragraph",
        ]
    )


def render_article_markdown(source: str) -> str:
    """Editor Markdown to sanitised HTML."""
    raw = _article_parser().render(without_control_characters(source or ""))
    clean = nh3.clean(
        raw,
        tags=ARTICLE_TAGS,
        attributes=ARTICLE_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
    )
    return without_control_characters(clean)  # "&#1;" in raw HTML is decoded by nh3


def render_comment_markdown(source: str) -> str:
    """Reader Markdown (a subset) to sanitised HTML; links get rel=nofollow ugc."""
    return sanitise_comment_html(_comment_parser().render(without_control_characters(source or "")))


def sanitise_comment_html(raw: str) -> str:
    """Comment HTML (rendered here, or imported) cut down to the comment subset."""
    clean = nh3.clean(
        without_control_characters(raw),
        tags=COMMENT_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener",
    )
    return without_control_characters(clean)  # "&#1;" is decoded by nh3


_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|pre|tr|dt|dd|figcaption|div)>", re.I)
_TAG = re.compile(r"<[^>]+>")
_CODE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1>", re.I | re.S)


def html_to_text(fragment: str, *, drop_code: bool = False) -> str:
    """Readable plain text from sanitised HTML: blocks become line breaks.

    With `drop_code`, code spans and blocks are left out (entity matching must
    not find names inside code).
    """
    if drop_code:
        fragment = _CODE.sub(" ", fragment)
    text = _BLOCK_END.sub("\n", fragment)
    text = text.replace("<br>", "\n").replace("<br />", "\n")
    text = _TAG.sub("", text)
    text = html.unescape(text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)

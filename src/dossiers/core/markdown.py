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

from dossiers.core.text import collapse_whitespace, without_control_characters

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
    "img": {"src", "alt", "title", "width", "height", "loading", "class"},
    "figure": {"class"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
    "code": {"class"},
    "span": {"class"},
    "div": {"class"},
}
COMMENT_TAGS = {"a", "blockquote", "br", "code", "em", "li", "ol", "p", "pre", "strong", "ul"}
# "media:42" names an image of the library (media.body resolves it when an article is saved).
URL_SCHEMES = {"http", "https", "mailto", "media"}


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


# An <a> start tag as nh3 writes it: every value double-quoted, a quote inside escaped.
_A_TAG = re.compile(r'<a((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*>')
_REL = re.compile(r'\s+rel="[^"]*"')


def _placeholder_links_without_rel(fragment: str) -> str:
    """nh3 gives every <a> the `link_rel`, even one whose href it removed (a mistyped scheme,
    "hhttps:"); HTML forbids rel on such a placeholder link, so it goes."""

    def strip(match: re.Match[str]) -> str:
        attributes = match.group(1)
        if re.search(r'\shref="', attributes):
            return match.group(0)
        return "<a" + _REL.sub("", attributes) + ">"

    return _A_TAG.sub(strip, fragment)


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
    return _placeholder_links_without_rel(without_control_characters(clean))


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
    return _placeholder_links_without_rel(without_control_characters(clean))


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


def plain_text(value: str) -> str:
    """Text that may carry markup (an imported excerpt, a pasted dek) as plain text: tags
    removed (scripts and styles with their content), entities decoded, spaces collapsed.
    "5 < 6 & 7" stays as it is; "<b>Bold</b> move" becomes "Bold move"."""
    for _round in range(3):  # escaped markup ("&lt;script&gt;") is markup once decoded
        if "<" not in value and "&" not in value:
            break
        cleaned = html.unescape(nh3.clean(value, tags=set()))
        if cleaned == value:
            break
        value = cleaned
    return collapse_whitespace(value)


# A paragraph worth quoting as a summary: not a one-line label ("Updated:", "By the desk").
_SUMMARY_MIN_WORDS = 8
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.I | re.S)
# Paragraphs inside these are quotations, list items, captions or table cells, not the lead.
_NOT_LEAD = re.compile(
    r"<(blockquote|li|figure|table|aside|details|pre)\b[^>]*>.*?</\1>", re.I | re.S
)


def lead_paragraph(fragment: str) -> str:
    """The first real paragraph of sanitised HTML, as plain text: headings, lists, quotes,
    figures and code are skipped, and so are one-line labels. "" if there is none."""
    body = _NOT_LEAD.sub(" ", fragment)
    for match in _PARAGRAPH.finditer(body):
        text = collapse_whitespace(html.unescape(_TAG.sub(" ", match.group(1))))
        if len(text.split()) >= _SUMMARY_MIN_WORDS:
            return text
    return ""

"""Imported HTML made into an article body that Markdown leaves exactly as it is.

An article's body is Markdown, and Markdown allows raw HTML. But a blank
line ends a raw HTML block, after which Markdown rules apply again (four
spaces of indentation become a code block, `*` emphasis). So imported HTML is
sanitised, every top-level run of text is wrapped in a paragraph, each block
goes on a line of its own, and no line is left blank: newlines inside <pre>
are written as `&#10;`. Rendering then gives back the sanitised HTML.
"""

from __future__ import annotations

import html
import re

import lxml.html
import nh3
from lxml import etree

from dossiers.core.markdown import ARTICLE_ATTRIBUTES, ARTICLE_TAGS, URL_SCHEMES
from dossiers.core.text import without_control_characters

BLOCK_TAGS = frozenset(
    {
        "blockquote",
        "details",
        "div",
        "dl",
        "figure",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "ol",
        "p",
        "pre",
        "table",
        "ul",
    }
)
# Editors' classes mean nothing here (wp-block-*, size-medium), except code's language and
# the few that carry meaning a reader sees: alignment, and the grid of a gallery.
IMPORT_ATTRIBUTES = {
    tag: {name for name in names if name != "class"} for tag, names in ARTICLE_ATTRIBUTES.items()
} | {"code": {"class"}}
_ALIGN = {"alignleft", "alignright", "aligncenter", "alignnone"}
IMPORT_CLASSES = {
    "img": _ALIGN | {"gallery-image"},
    "figure": _ALIGN | {"wp-block-gallery"},
    "div": {"gallery"},
}
_NEWLINE_MARK = "\ue000"
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*(?=\n)")


def sanitise_html(fragment: str) -> str:
    """The article HTML rules (core.markdown), with <h1> demoted to <h2> first."""
    fragment = without_control_characters(fragment)
    fragment = re.sub(r"<(/?)h1\b", r"<\1h2", fragment, flags=re.I)
    clean = nh3.clean(
        fragment,
        tags=ARTICLE_TAGS,
        attributes=IMPORT_ATTRIBUTES,
        allowed_classes=IMPORT_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,  # rendering adds rel="noopener"; the stored body stays plain
    )
    clean = clean.replace(' class=""', "")  # what nh3 leaves when no class was kept
    return without_control_characters(clean)  # nh3 decodes "&#1;" into a control character


def html_body(fragment: str) -> str:
    """Sanitised HTML as a Markdown body that renders to itself."""
    clean = sanitise_html(fragment).strip()
    if not clean:
        return ""
    root = lxml.html.fragment_fromstring(clean, create_parent="div")
    for empty in [p for p in root.iter("p") if not len(p) and not (p.text or "").strip()]:
        empty.drop_tag()
    for pre in root.iter("pre"):
        for node in pre.iter():
            if node.text:
                node.text = node.text.replace("\n", _NEWLINE_MARK)
            if node is not pre and node.tail:
                node.tail = node.tail.replace("\n", _NEWLINE_MARK)
    lines: list[str] = []
    inline: list[str] = []

    def flush() -> None:
        text = "".join(inline).strip()
        inline.clear()
        if text:
            lines.append(f"<p>{text}</p>")

    if root.text:
        inline.append(_escape(root.text))
    for child in root:
        tail, child.tail = child.tail, None
        if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
            flush()
            lines.append(lxml.html.tostring(child, encoding="unicode").strip())
        elif isinstance(child.tag, str):
            inline.append(lxml.html.tostring(child, encoding="unicode"))
        if tail:
            inline.append(_escape(tail))
    flush()
    body = _BLANK_LINES.sub("", "\n".join(lines))
    return body.replace(_NEWLINE_MARK, "&#10;")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") if text else ""


def html_text(fragment: str) -> str:
    """Plain text of an HTML snippet (a title, an excerpt): tags dropped, entities decoded,
    control characters removed."""
    fragment = without_control_characters(fragment or "")
    if not fragment or ("<" not in fragment and "&" not in fragment):
        return " ".join((fragment or "").split())
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError, AssertionError):
        # A whole HTML document, or what lxml cannot read as a fragment: its text, by nh3.
        text = html.unescape(
            nh3.clean(fragment, tags=set(), clean_content_tags={"script", "style"})
        )
        return " ".join(without_control_characters(text).split())
    return " ".join(without_control_characters(root.text_content()).split())

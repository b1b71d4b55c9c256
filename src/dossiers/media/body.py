"""Images of the library in an article's text, resolved when the article is saved.

Editors write `![Alt](media:42)` (or `![](media:42 "A caption")`); importers write
`<img src="media:42">`. After Markdown and sanitising, each such image becomes the
library's responsive markup: alone in a paragraph, a `<figure>` with the caption and
credit; inside a figure or a gallery, the picture alone. The alignment classes
(`alignleft`, `alignright`, `aligncenter`) carry over to the figure. An image the
library does not have is left out, its alt text kept. Pure: the caller reads the images.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from dossiers.media.markup import picture
from dossiers.media.selectors import ImageRef

_IMG = re.compile(r'<img\b[^>]*?\bsrc="media:(\d{1,12})"[^>]*>', re.I)
# An image alone in its paragraph, perhaps inside a link (to the full size).
_ALONE = re.compile(
    r'<p>\s*(<a\b[^>]*>\s*)?(<img\b[^>]*?\bsrc="media:\d{1,12}"[^>]*>)(\s*</a>)?\s*</p>', re.I
)
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
ALIGNMENTS = ("alignleft", "alignright", "aligncenter", "alignnone")
BODY_SIZES = "(min-width: 48rem) 42rem, 100vw"
ALIGNED_SIZES = "(min-width: 48rem) 21rem, 100vw"
GALLERY_SIZES = "(min-width: 48rem) 12rem, 45vw"


def media_ids(fragment: str) -> set[int]:
    """The library ids the HTML refers to (`src="media:ID"`)."""
    return {int(match) for match in _IMG.findall(fragment or "")}


def _attrs(tag: str) -> dict[str, str]:
    return {name.lower(): html.unescape(value) for name, value in _ATTR.findall(tag)}


def _alignment(attrs: Mapping[str, str]) -> str:
    return next((c for c in attrs.get("class", "").split() if c in ALIGNMENTS), "")


def _picture(tag: str, refs: Mapping[int, ImageRef]) -> tuple[str, ImageRef | None, dict]:
    attrs = _attrs(tag)
    ref = refs.get(int(attrs.get("src", "media:0").split(":", 1)[1] or 0))
    if ref is None:  # not in the library (deleted): the words stay, not a broken image
        alt = attrs.get("alt", "")
        return (
            (f'<span class="media-missing">{html.escape(alt)}</span>' if alt else ""),
            None,
            attrs,
        )
    classes = attrs.get("class", "").split()
    if "gallery-image" in classes:
        spec, sizes = "square", GALLERY_SIZES
    else:
        spec, sizes = (
            "body",
            ALIGNED_SIZES if _alignment(attrs) in ("alignleft", "alignright") else BODY_SIZES,
        )
    alt = attrs.get("alt") or ref.alt
    markup = picture(ref, spec, sizes=sizes, alt=alt, css_class=_alignment(attrs))
    return str(markup), ref, attrs


def _figure(match: re.Match[str], refs: Mapping[int, ImageRef]) -> str:
    link, tag, end = match.group(1) or "", match.group(2), match.group(3) or ""
    markup, ref, attrs = _picture(tag, refs)
    if ref is None:
        return f"<p>{markup}</p>" if markup else ""
    markup = f"{link.strip()}{markup}{'</a>' if link and end else ''}"
    caption = attrs.get("title") or ref.caption
    parts = [html.escape(caption)] if caption else []
    if ref.credit:
        parts.append(f'<span class="credit">{html.escape(ref.credit)}</span>')
    figcaption = f"<figcaption>{' '.join(parts)}</figcaption>" if parts else ""
    align = _alignment(attrs)
    css = f"media-figure {align}".strip()
    return f'<figure class="{css}">{markup}{figcaption}</figure>'


def resolve_media(fragment: str, refs: Mapping[int, ImageRef]) -> str:
    """Sanitised article HTML with every `media:ID` image in its responsive markup."""
    if "media:" not in fragment:
        return fragment
    fragment = _ALONE.sub(lambda m: _figure(m, refs), fragment)
    replace: Callable[[re.Match[str]], str] = lambda m: _picture(m.group(0), refs)[0]  # noqa: E731
    return _IMG.sub(replace, fragment)

"""WordPress shortcodes to HTML. Pure functions.

Captions become figures, galleries lists of linked images, embeds, audio,
video and social embeds links to their source; code blocks stay code;
unknown shortcodes are removed (their inner text kept) and counted.
`[[name]]` is WordPress's escape for a literal `[name]`, and an unknown
`[word]` without attributes or closing tag is ordinary text ("[sic]").
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from dossiers.importers.wordpress.media import Attachment, gallery

UNKNOWN_SHORTCODES = "unknown shortcodes removed"
ALIGNMENTS = frozenset({"alignleft", "alignright", "aligncenter", "alignnone"})

LINK_EMBEDS = frozenset(
    {
        "youtube",
        "vimeo",
        "tweet",
        "twitter",
        "instagram",
        "soundcloud",
        "googlemaps",
        "ted",
        "wpvideo",
        "slideshare",
        "dailymotion",
        "flickr",
        "spotify",
        "facebook",
    }
)
KNOWN = LINK_EMBEDS | {
    "caption",
    "wp_caption",
    "gallery",
    "embed",
    "audio",
    "video",
    "playlist",
    "code",
    "sourcecode",
    "source",
    "archives",
    "contact-form",
    "contact-field",
    "polldaddy",
    "crowdsignal",
}
MEDIA_ATTRIBUTES = (
    "src",
    "mp3",
    "m4a",
    "ogg",
    "wav",
    "wma",
    "mp4",
    "m4v",
    "webm",
    "ogv",
    "wmv",
    "flv",
)
_HTTP = ("http://", "https://")
_TAG = re.compile(r"\[(\[?)([A-Za-z_][\w-]*)(?![\w-])((?:[^\]/]|/(?!\]))*?)(/?)\](\]?)")
_ATTR = re.compile(
    r"([\w-]+)\s*=\s*\"([^\"]*)\"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'\"]+)"
    r"|\"([^\"]*)\"|'([^']*)'|(\S+)"
)
_NAME = re.compile(r"[a-z_][a-z0-9_-]*")


def shortcode_attributes(raw: str) -> tuple[dict[str, str], list[str]]:
    named: dict[str, str] = {}
    positional: list[str] = []
    for m in _ATTR.finditer(html.unescape(raw)):
        if m.group(1):
            named[m.group(1).lower()] = m.group(2)
        elif m.group(3):
            named[m.group(3).lower()] = m.group(4)
        elif m.group(5):
            named[m.group(5).lower()] = m.group(6)
        else:
            positional.append(m.group(7) or m.group(8) or m.group(9) or "")
    return named, positional


@dataclass(frozen=True)
class _Context:
    """What rendering a shortcode needs besides the shortcode itself."""

    post_id: int
    attachments: Mapping[int, Attachment]
    counts: Counter[str]


def shortcodes(
    text: str,
    *,
    post_id: int = 0,
    attachments: Mapping[int, Attachment] | None = None,
    counts: Counter[str] | None = None,
) -> str:
    """Replace the shortcodes of `text` (see the module docstring)."""
    context = _Context(post_id, attachments or {}, counts if counts is not None else Counter())
    return _replace(text, context)


def _replace(text: str, context: _Context) -> str:
    out: list[str] = []
    pos = 0
    while (match := _TAG.search(text, pos)) is not None:
        opening, name, raw, self_closing, closing = match.groups()
        lower = name.lower()
        if opening and closing:  # [[name]]: a literal [name]
            out.append(text[pos : match.start()] + text[match.start() + 1 : match.end() - 1])
            pos = match.end()
            continue
        end_tag = re.compile(rf"\[/{re.escape(name)}\]")
        close = None if self_closing else end_tag.search(text, match.end())
        looks_like_code = lower in KNOWN or close is not None or "=" in raw or self_closing
        if not looks_like_code or not _NAME.fullmatch(lower):
            out.append(text[pos : match.end()])
            pos = match.end()
            continue
        inner = text[match.end() : close.start()] if close else None
        named, positional = shortcode_attributes(raw)
        out.append(text[pos : match.start()])
        out.append(_render(lower, named, positional, inner, context))
        pos = close.end() if close else match.end()
    out.append(text[pos:])
    return "".join(out)


def _render(
    name: str, named: dict[str, str], positional: list[str], inner: str | None, context: _Context
) -> str:
    if name in {"caption", "wp_caption"}:
        return _caption(named, _replace(inner or "", context))
    if name == "gallery":
        return gallery(named, context.post_id, context.attachments)
    if name == "embed":
        return _link((inner or "").strip() or named.get("src", ""))
    if name in {"audio", "video"}:
        return _media(name, named, positional, inner, context.counts)
    if name in {"code", "sourcecode", "source"}:
        return _code(named, inner)
    if name in LINK_EMBEDS:
        url = _embed_url(named, positional, inner)
        if url.startswith(_HTTP):
            return _link(url)
    context.counts[UNKNOWN_SHORTCODES] += 1
    return _replace(inner, context) if inner else ""


def _media(
    name: str,
    named: dict[str, str],
    positional: list[str],
    inner: str | None,
    counts: Counter[str],
) -> str:
    urls = [named[k] for k in MEDIA_ATTRIBUTES if named.get(k)]
    urls += [p for p in positional if p.startswith(_HTTP)]
    if inner and inner.strip().startswith(_HTTP):
        urls.append(inner.strip())
    if not urls:
        counts[f"[{name}] without a file removed"] += 1
        return ""
    return "\n\n" + "".join(f"<p>{_link(url)}</p>" for url in dict.fromkeys(urls)) + "\n\n"


def _code(named: dict[str, str], inner: str | None) -> str:
    language = named.get("lang") or named.get("language") or ""
    css = f' class="language-{html.escape(language)}"' if language else ""
    code = html.escape(html.unescape((inner or "").strip("\n")))
    return f"\n\n<pre><code{css}>{code}</code></pre>\n\n"


def _embed_url(named: dict[str, str], positional: list[str], inner: str | None) -> str:
    return (
        named.get("url")
        or named.get("src")
        or next((p for p in positional if p.startswith(_HTTP)), "")
        or (inner or "").strip()
    )


def _link(url: str) -> str:
    url = url.strip()
    if not url.startswith(_HTTP):
        return ""
    safe = html.escape(url)
    return f'<a href="{safe}">{safe}</a>'


_CAPTION_TEXT = re.compile(r"^(.*(?:<img[^>]*>|</a>))(.*)$", re.S | re.I)


def _caption(named: dict[str, str], inner: str) -> str:
    caption = named.get("caption", "")
    media = inner
    if not caption:
        split = _CAPTION_TEXT.match(inner)
        if split:
            media, caption = split.group(1), split.group(2)
    caption = caption.strip()
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    align = named.get("align", "")
    css = f' class="{align}"' if align in ALIGNMENTS else ""
    return f"\n\n<figure{css}>{media.strip()}{figcaption}</figure>\n\n"

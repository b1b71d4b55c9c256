"""WordPress post content (classic or block editor) to clean HTML. Pure functions.

- Block editor: block delimiters (`<!-- wp:paragraph -->`) are dropped, reusable
  blocks are inlined, dynamic blocks (latest posts, search, tag cloud…) have
  no content of their own and are dropped with a count.
- Classic editor: paragraphs come from blank lines, as WordPress's `wpautop`
  makes them; a URL alone on a line (an oEmbed) becomes a link.
- Shortcodes: captions become figures, galleries lists of linked images,
  embeds/audio/video/social embeds links to their source; code blocks stay
  code; unknown shortcodes are removed (their inner text kept) and counted.
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


@dataclass(frozen=True)
class Attachment:
    id: int
    url: str
    title: str = ""
    parent: int = 0


@dataclass(frozen=True)
class Converted:
    html: str
    counters: tuple[tuple[str, int], ...] = ()


UNKNOWN_SHORTCODES = "unknown shortcodes removed"
DYNAMIC_BLOCKS = "dynamic blocks dropped (no content of their own)"

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->", re.S)
_SELF_CLOSING_BLOCK = re.compile(r"<!--\s*wp:([a-z0-9/-]+)(\s+(\{.*?\}))?\s*/-->", re.S)
_REUSABLE = re.compile(r"<!--\s*wp:block\s+(\{.*?\})\s*/-->", re.S)
_MORE = re.compile(r"<!--\s*(more|nextpage|noteaser)\b.*?-->", re.S)


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
        text = shortcodes(text, post_id=post_id, attachments=attachments, counts=counts)
    else:
        # WordPress's order: paragraphs first, then shortcodes (which may hold blocks).
        text = autop(_embed_lines(text))
        text = shortcodes(text, post_id=post_id, attachments=attachments, counts=counts)
    return Converted(html_body(text), tuple(sorted(counts.items())))


def _inline_reusable(text: str, reusable: Mapping[int, str], counts: Counter[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        try:
            ref = int(json.loads(match.group(1)).get("ref", 0))
        except (ValueError, TypeError, AttributeError):
            ref = 0
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


_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)


def _embed_lines(text: str) -> str:
    """A URL alone on its line is an oEmbed in WordPress: keep it as a link."""
    return _URL_LINE.sub(lambda m: f'<a href="{html.escape(m.group(1))}">{m.group(1)}</a>', text)


# --- Shortcodes -----------------------------------------------------------------

KNOWN = frozenset(
    {"caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist", "code",
     "sourcecode", "source", "youtube", "vimeo", "tweet", "twitter", "instagram", "soundcloud",
     "googlemaps", "ted", "wpvideo", "slideshare", "dailymotion", "flickr", "spotify",
     "facebook", "archives", "contact-form", "contact-field", "polldaddy", "crowdsignal"}
)  # fmt: skip
LINK_EMBEDS = frozenset(
    {"youtube", "vimeo", "tweet", "twitter", "instagram", "soundcloud", "googlemaps", "ted",
     "wpvideo", "slideshare", "dailymotion", "flickr", "spotify", "facebook"}
)  # fmt: skip
_TAG = re.compile(r"\[(\[?)([A-Za-z_][\w-]*)(?![\w-])((?:[^\]/]|/(?!\]))*?)(/?)\](\]?)")
_ATTR = re.compile(
    r"([\w-]+)\s*=\s*\"([^\"]*)\"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'\"]+)"
    r"|\"([^\"]*)\"|'([^']*)'|(\S+)"
)


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


def shortcodes(
    text: str,
    *,
    post_id: int = 0,
    attachments: Mapping[int, Attachment] | None = None,
    counts: Counter[str] | None = None,
) -> str:
    """Replace the shortcodes of `text` (see the module docstring)."""
    counts = counts if counts is not None else Counter()
    attachments = attachments or {}
    out: list[str] = []
    pos = 0
    while True:
        match = _TAG.search(text, pos)
        if match is None:
            out.append(text[pos:])
            break
        opening, name, raw, self_closing, closing = match.groups()
        lower = name.lower()
        if opening and closing:  # [[name]] is WordPress's escape for a literal [name]
            out.append(text[pos : match.start()] + text[match.start() + 1 : match.end() - 1])
            pos = match.end()
            continue
        end_tag = re.compile(rf"\[/{re.escape(name)}\]")
        close = None if self_closing else end_tag.search(text, match.end())
        # An unknown [word] without attributes or closing tag is ordinary text ("[sic]").
        looks_like_code = lower in KNOWN or close is not None or "=" in raw or self_closing
        if not looks_like_code or not re.fullmatch(r"[a-z_][a-z0-9_-]*", lower):
            out.append(text[pos : match.end()])
            pos = match.end()
            continue
        inner = text[match.end() : close.start()] if close else None
        after = close.end() if close else match.end()
        named, positional = shortcode_attributes(raw)
        out.append(text[pos : match.start()])
        out.append(_render(lower, named, positional, inner, post_id, attachments, counts))
        pos = after
    return "".join(out)


def _render(
    name: str,
    named: dict[str, str],
    positional: list[str],
    inner: str | None,
    post_id: int,
    attachments: Mapping[int, Attachment],
    counts: Counter[str],
) -> str:
    def nested(value: str) -> str:
        return shortcodes(value, post_id=post_id, attachments=attachments, counts=counts)

    if name in {"caption", "wp_caption"}:
        return _caption(named, nested(inner or ""))
    if name == "gallery":
        return _gallery(named, post_id, attachments)
    if name == "embed":
        return _link((inner or "").strip() or named.get("src", ""))
    if name in {"audio", "video"}:
        urls = [named[k] for k in ("src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v",
                                   "webm", "ogv", "wmv", "flv") if named.get(k)]  # fmt: skip
        urls += [p for p in positional if p.startswith(("http://", "https://"))]
        if inner and inner.strip().startswith(("http://", "https://")):
            urls.append(inner.strip())
        if not urls:
            counts[f"[{name}] without a file removed"] += 1
            return ""
        return "\n\n" + "".join(f"<p>{_link(url)}</p>" for url in dict.fromkeys(urls)) + "\n\n"
    if name in {"code", "sourcecode", "source"}:
        language = named.get("lang") or named.get("language") or ""
        css = f' class="language-{html.escape(language)}"' if language else ""
        code = html.escape(html.unescape((inner or "").strip("\n")))
        return f"\n\n<pre><code{css}>{code}</code></pre>\n\n"
    if name in LINK_EMBEDS:
        url = (
            named.get("url")
            or named.get("src")
            or next((p for p in positional if p.startswith(("http://", "https://"))), "")
            or (inner or "").strip()
        )
        if url.startswith(("http://", "https://")):
            return _link(url)
    counts[UNKNOWN_SHORTCODES] += 1
    return nested(inner) if inner else ""


def _link(url: str) -> str:
    url = url.strip()
    if not url.startswith(("http://", "https://")):
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
    return f"\n\n<figure>{media.strip()}{figcaption}</figure>\n\n"


def _gallery(named: dict[str, str], post_id: int, attachments: Mapping[int, Attachment]) -> str:
    ids = [int(i) for i in re.findall(r"\d+", named.get("ids", "") or named.get("include", ""))]
    if ids:
        items = [attachments[i] for i in ids if i in attachments]
    else:
        items = sorted(
            (a for a in attachments.values() if post_id and a.parent == post_id),
            key=lambda a: a.id,
        )
    if not items:
        return ""
    cells = "".join(
        f'<li><a href="{html.escape(a.url)}"><img src="{html.escape(a.url)}" '
        f'alt="{html.escape(a.title)}"></a></li>'
        for a in items
    )
    return f"\n\n<ul>{cells}</ul>\n\n"


# --- wpautop ----------------------------------------------------------------------

_ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form"
    r"|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article"
    r"|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
_PRE = re.compile(r"<pre\b.*?</pre>", re.S | re.I)


def autop(text: str) -> str:
    """Blank-line paragraphs and line breaks, as WordPress's `wpautop` makes them."""
    if not text.strip():
        return ""
    stash: list[str] = []

    def keep(match: re.Match[str]) -> str:
        stash.append(match.group(0))
        return f"<pre wp-pre-tag-{len(stash) - 1}></pre>"

    text = _PRE.sub(keep, text + "\n")
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{_ALLBLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{_ALLBLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{_ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(rf"(</?{_ALLBLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    return re.sub(r"<pre wp-pre-tag-(\d+)></pre>", lambda m: stash[int(m.group(1))], text)

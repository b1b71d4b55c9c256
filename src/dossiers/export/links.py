"""Links out of an exported document, and the file each internal address is served from.
Pure functions on bytes and strings: the export follows them to find every page that is
linked (the next page of a list, a sitemap's sections, a stylesheet's images), and the
tests use them as a link checker over the written folder."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import unquote, urljoin, urlsplit

_ATTRIBUTE = re.compile(rb'\s(?:href|src|action)="([^"]*)"')
# <meta content="…">: only URLs (og:url, og:image), not descriptions or dates.
_META_URL = re.compile(rb'\scontent="(https?://[^"]*)"')
_SRCSET = re.compile(rb'\ssrcset="([^"]*)"')
_LOC = re.compile(rb"<loc>([^<]+)</loc>")
_CSS_URL = re.compile(rb"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)")
_SITEMAP = re.compile(rb"^Sitemap:\s*(\S+)", re.M)


def _raw_links(content: bytes, name: str) -> Iterator[str]:
    if name.endswith(".css"):
        found = _CSS_URL.findall(content)
    elif name.endswith(".txt"):
        found = _SITEMAP.findall(content)
    elif name.endswith((".xml", ".json")):
        # Sitemaps point to their sections and pages; feeds only to pages already listed.
        found = _LOC.findall(content)
    else:
        found = _ATTRIBUTE.findall(content) + _META_URL.findall(content)
        for srcset in _SRCSET.findall(content):
            found.extend(part.strip().split(b" ")[0] for part in srcset.split(b","))
    for raw in found:
        yield html.unescape(raw.decode("utf-8", "replace")).strip()


def internal_links(content: bytes, *, name: str, url: str, root: str) -> set[str]:
    """The paths ('/sub/topics/x/') on the site at `root` ('https://example.org/sub/') that
    the document `name`, served at `url`, links to: no query, no fragment."""
    found = set()
    for link in _raw_links(content, name):
        if not link or link.startswith(("#", "mailto:", "data:", "javascript:", "tel:")):
            continue
        absolute = urljoin(url, link)
        if not absolute.startswith(root):
            continue
        found.add(urlsplit(absolute).path)
    return found


def file_name(path: str, prefix: str) -> str:
    """The file serving `path` ('/sub/topics/x/' -> 'topics/x/index.html'), pretty URLs as
    directories with an index.html, as every static web server and CDN serves them."""
    name = unquote(path).removeprefix(prefix.rstrip("/")).lstrip("/")
    return name + "index.html" if name == "" or name.endswith("/") else name

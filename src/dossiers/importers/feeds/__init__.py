"""Feeds to importer records: RSS 0.9x, 1.0, 2.0 and Atom 0.3, 1.0 with feedparser
(`rss`), JSON Feed 1.0/1.1 (`jsonfeed`), from a file or fetched (`fetch`).

Items become articles that keep their link to the original as canonical URL.
A feed that feedparser reads only in part (bozo) is imported as far as it
goes, and the report says why; one it cannot read at all is refused. HTML is
sanitised by feedparser (XML feeds), then by the article rules (htmlbody).
A URL is fetched by the importers' fetcher (`importers.fetch`): http(s) only,
public addresses only (redirects included), a timeout and a size cap.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dossiers.core.validation import has_http_scheme
from dossiers.importers import items
from dossiers.importers.errors import ImportRefused
from dossiers.importers.feeds.fetch import USER_AGENT, fetch, size_cap
from dossiers.importers.feeds.jsonfeed import json_feed
from dossiers.importers.feeds.rss import xml_feed
from dossiers.importers.safety import check_size, check_text


def read(location: str) -> Iterator[items.Record]:
    """The feed at `location` (a file or an http(s) URL) as records, without control
    characters."""
    return items.scrubbed(_records(location))


def _records(location: str) -> Iterator[items.Record]:
    data, headers, where = _load(location)
    if not data.strip():
        raise ImportRefused(f"{where}: the file is empty")
    check_text(data[:65536], where=where)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"{", b"[")):
        yield from json_feed(data, where=where, location=location)
    else:
        yield from xml_feed(data, headers, where=where, location=location)


def _load(location: str) -> tuple[bytes, dict[str, str], str]:
    """(bytes, response headers, name for messages) of a URL or a file."""
    if has_http_scheme(location):
        data, headers = fetch(location)
        return data, headers, location
    path = Path(location)
    check_size(path, limit=size_cap())
    return path.read_bytes(), {}, path.name


__all__ = ["USER_AGENT", "fetch", "read"]

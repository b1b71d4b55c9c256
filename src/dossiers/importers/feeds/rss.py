"""RSS 0.9x, 1.0, 2.0 and Atom 0.3, 1.0 (read by feedparser) to importer records."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import feedparser
import feedparser.mixin
from django.utils.text import slugify

from dossiers.core.validation import has_http_scheme
from dossiers.importers import items
from dossiers.importers.errors import ImportRefused
from dossiers.importers.feeds.common import first_words, location_key, text_paragraphs
from dossiers.importers.htmlbody import html_body, html_text
from dossiers.importers.safety import check_xml_prolog

# feedparser looks for an e-mail address in an author's name with a regular expression
# whose time grows with the square of the name's length (a 20 KB name: seconds; 1 MB:
# hours). No name is that long: it is cut to MAX_AUTHOR characters first.
MAX_AUTHOR = 500
_sync_author_detail = feedparser.mixin._FeedParserMixin._sync_author_detail


def _short_author_detail(self: Any, key: str = "author") -> None:
    context = self._get_context()
    value = context.get(key)
    if isinstance(value, str) and len(value) > MAX_AUTHOR:
        context[key] = value[:MAX_AUTHOR]
    _sync_author_detail(self, key)


feedparser.mixin._FeedParserMixin._sync_author_detail = _short_author_detail

_CHARACTER_REFERENCE = re.compile(rb"&#(?:[xX]([0-9A-Fa-f]{1,16})|([0-9]{1,24}));")
_REPLACEMENT_REFERENCE = b"&#xFFFD;"


def xml_feed(
    data: bytes, headers: dict[str, str], *, where: str, location: str
) -> Iterator[items.Record]:
    check_xml_prolog(data[:65536], where=where, allow_internal_entities=True)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:1].isspace() and stripped.startswith(b"<?xml"):
        data = stripped  # whitespace before the XML declaration: a common, harmless slip
    data = _CHARACTER_REFERENCE.sub(_valid_reference, data)
    try:
        parsed = feedparser.parse(
            data, response_headers=headers or None, sanitize_html=True, resolve_relative_uris=True
        )
    except Exception as error:
        # feedparser's own bugs on hostile input (an <image><width> with nothing in it, a
        # reference to no character it did not expect): the feed cannot be read, it is said.
        raise ImportRefused(
            f"{where}: not a readable feed ({type(error).__name__}: {str(error)[:200]}); "
            "nothing imported"
        ) from None
    yield from _records(parsed, where=where, location=location)


def _valid_reference(match: re.Match[bytes]) -> bytes:
    """A character reference as it was, or U+FFFD's when it names no character XML allows
    (feedparser's own decoding fails on `&#9999999999;`, `&#xD800;` or `&#1;`)."""
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    allowed = (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )
    return match.group(0) if allowed else _REPLACEMENT_REFERENCE


def _records(parsed: Any, *, where: str, location: str) -> Iterator[items.Record]:
    entries = parsed.get("entries") or []
    if parsed.get("bozo") and not entries:
        raise ImportRefused(f"{where}: not a readable feed: {_problem(parsed)}; nothing imported")
    if not parsed.get("version") and not entries:
        raise ImportRefused(f"{where}: not a feed (no RSS, RDF or Atom document found)")
    feed = parsed.get("feed", {})
    yield _source(parsed, feed, entries, where=where, location=location)
    fallback_author = _person_name(feed.get("author_detail") or {}, feed.get("author", ""))
    base = feed.get("link", "") or (location if "://" in location else "")
    for index, entry in enumerate(entries):
        try:
            yield _entry(entry, fallback_author=fallback_author, index=index, base=base)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
            label = html_text(str(entry.get("title", "")))[:120] or f"item {index + 1}"
            yield items.Failed("article", label, f"could not read item {index + 1}: {error}")


def _source(
    parsed: Any, feed: Any, entries: list[Any], *, where: str, location: str
) -> items.Source:
    warnings = []
    if parsed.get("bozo"):
        warnings.append(
            f"the feed is damaged: {_problem(parsed)}; imported the {len(entries)} item(s) "
            "that could be read"
        )
    key = feed.get("id") or feed.get("link") or location_key(location)
    title = html_text(feed.get("title", ""))
    return items.Source(
        key=f"feed:{key}",
        title=title or where,
        link=feed.get("link", ""),
        format=parsed.get("version") or "feed",
        total=len(entries),
        warnings=tuple(warnings),
    )


def _problem(parsed: Any) -> str:
    error = parsed.get("bozo_exception")
    if error is None:
        return "unknown problem"
    name = type(error).__name__
    if name == "CharacterEncodingOverride":
        return f"its declared encoding was wrong; read as {parsed.get('encoding')}"
    if name == "CharacterEncodingUnknown":
        return "its character encoding could not be determined"
    return f"not well-formed XML ({error})"


def _person_name(detail: Any, plain: str) -> str:
    name = (detail.get("name") if hasattr(detail, "get") else "") or plain or ""
    return " ".join(html_text(name).split())


def _entry(entry: Any, *, fallback_author: str, index: int, base: str) -> items.Post:
    notes: list[str] = []
    title = entry.get("title", "")
    if (entry.get("title_detail") or {}).get("type", "text/plain") != "text/plain":
        title = html_text(title)
    title = " ".join(title.split())
    body_html = _content(entry)
    summary = html_text(entry.get("summary", "")) if entry.get("content") else ""
    if not title:
        title = first_words(summary or html_text(body_html)) or f"Untitled item {index + 1}"
        notes.append("no title in the feed: made from its first words")
    link = entry.get("feedburner_origlink") or entry.get("link", "")
    guid = entry.get("id") or link
    if link and base and not has_http_scheme(link):
        link = urljoin(base, link)  # a relative link, against the site's address
    if not guid:
        guid = "sha256:" + hashlib.sha256(f"{title}\n{body_html}".encode()).hexdigest()
        notes.append("no id or link in the feed: re-imports recognise it by its text")
    return items.Post(
        guid=guid,
        title=title,
        body=html_body(body_html),
        status="published",
        published_at=_published(entry, notes),
        authors=_authors(entry, fallback_author),
        summary=summary,
        canonical_url=link,
        terms=_terms(entry),
        notes=tuple(notes),
    )


def _published(entry: Any, notes: list[str]) -> dt.datetime | None:
    published = _when(entry.get("published_parsed")) or _when(entry.get("updated_parsed"))
    raw_date = entry.get("published") or entry.get("updated")
    if published is None and raw_date:
        notes.append(f"its date could not be read: {raw_date[:60]!r}")
    return published


def _authors(entry: Any, fallback_author: str) -> tuple[str, ...]:
    authors = [
        name for name in (_person_name(a, "") for a in entry.get("authors") or []) if name
    ] or ([_person_name(entry.get("author_detail") or {}, entry.get("author", ""))])
    authors = [a for a in authors if a] or ([fallback_author] if fallback_author else [])
    return tuple(dict.fromkeys(authors))


def _terms(entry: Any) -> tuple[items.TermRef, ...]:
    names = (
        " ".join(html_text(t.get("term") or t.get("label") or "").split())
        for t in entry.get("tags") or []
    )
    return tuple(
        dict.fromkeys(
            items.TermRef("tag", slugify(term)[:190] or term[:190], term) for term in names if term
        )
    )


def _content(entry: Any) -> str:
    contents = entry.get("content") or []
    chosen = next((c for c in contents if "html" in c.get("type", "")), None) or (
        contents[0] if contents else None
    )
    if chosen is not None:
        value, kind = chosen.get("value", ""), chosen.get("type", "text/html")
    else:
        detail = entry.get("summary_detail") or {}
        value, kind = entry.get("summary", ""), detail.get("type", "text/html")
    if kind == "text/plain":
        return text_paragraphs(value)
    return value


def _when(parsed: Any) -> dt.datetime | None:
    """feedparser's struct_time (always UTC) as an aware datetime."""
    if not parsed:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
    except (OverflowError, ValueError, TypeError):
        return None

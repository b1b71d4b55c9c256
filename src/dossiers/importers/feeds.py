"""Feeds (RSS 0.9x, 1.0, 2.0, Atom 0.3, 1.0 with feedparser; JSON Feed 1.0/1.1) to records.

Items become articles that keep their link to the original as canonical URL.
A feed that feedparser reads only in part (bozo) is imported as far as it
goes, and the report says why; one it cannot read at all is refused. HTML is
sanitised by feedparser (XML feeds), then by the article rules (htmlbody).
A URL is fetched with a timeout and a size cap; only http(s), no redirect
elsewhere.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import html
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser
from django.utils.text import slugify

from dossiers import __version__
from dossiers.core.config import conf
from dossiers.importers import items
from dossiers.importers.errors import ImportRefused
from dossiers.importers.htmlbody import html_body, html_text
from dossiers.importers.safety import check_size, check_text, check_xml_prolog

USER_AGENT = f"Dossiers/{__version__} feed importer"


def _cap() -> int:
    return conf().feed_fetch_max_mb * 1024 * 1024


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if not newurl.lower().startswith(("http://", "https://")):
            raise ImportRefused(f"{req.full_url}: redirected to {newurl}, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(
    url: str, *, timeout: float | None = None, limit: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """The body and headers of an http(s) URL, refused past `limit` bytes or `timeout` s."""
    if not url.lower().startswith(("http://", "https://")):
        raise ImportRefused(f"{url}: only http and https addresses can be fetched")
    limit = _cap() if limit is None else limit
    timeout = conf().feed_fetch_timeout if timeout is None else timeout
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})  # noqa: S310
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise ImportRefused(f"{url}: {int(declared) / 2**20:.1f} MB, over the feed limit")
            data = response.read(limit + 1)
            headers = {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        raise ImportRefused(f"{url}: the server answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ImportRefused(f"{url}: could not fetch it ({reason})") from None
    if len(data) > limit:
        raise ImportRefused(
            f"{url}: more than {limit / 2**20:.0f} MB (DOSSIERS_FEED_FETCH_MAX_MB); refused"
        )
    return data, headers


def read(location: str) -> Iterator[items.Record]:
    """The feed at `location` (a file or an http(s) URL) as records."""
    if location.lower().startswith(("http://", "https://")):
        data, headers = fetch(location)
        where = location
    else:
        path = Path(location)
        check_size(path, limit=_cap())
        data, headers, where = path.read_bytes(), {}, path.name
    if not data.strip():
        raise ImportRefused(f"{where}: the file is empty")
    check_text(data[:65536], where=where)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"{", b"[")):
        yield from _json_feed(data, where=where, location=location)
        return
    check_xml_prolog(data[:65536], where=where, allow_internal_entities=True)
    if data[:1].isspace() and stripped.startswith(b"<?xml"):
        data = stripped  # whitespace before the XML declaration: a common, harmless slip
    parsed = feedparser.parse(
        data, response_headers=headers or None, sanitize_html=True, resolve_relative_uris=True
    )
    yield from _xml_feed(parsed, where=where, location=location)


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


def _xml_feed(parsed: Any, *, where: str, location: str) -> Iterator[items.Record]:
    entries = parsed.get("entries") or []
    if parsed.get("bozo") and not entries:
        raise ImportRefused(f"{where}: not a readable feed: {_problem(parsed)}; nothing imported")
    if not parsed.get("version") and not entries:
        raise ImportRefused(f"{where}: not a feed (no RSS, RDF or Atom document found)")
    feed = parsed.get("feed", {})
    warnings = []
    if parsed.get("bozo"):
        warnings.append(
            f"the feed is damaged: {_problem(parsed)}; imported the {len(entries)} item(s) "
            "that could be read"
        )
    key = feed.get("id") or feed.get("link") or _location_key(location)
    title = html_text(feed.get("title", ""))
    yield items.Source(
        key=f"feed:{key}",
        title=title or where,
        link=feed.get("link", ""),
        format=parsed.get("version") or "feed",
        total=len(entries),
        warnings=tuple(warnings),
    )
    fallback_author = _person_name(feed.get("author_detail") or {}, feed.get("author", ""))
    base = feed.get("link", "") or (location if "://" in location else "")
    for index, entry in enumerate(entries):
        try:
            yield _entry(entry, fallback_author=fallback_author, index=index, base=base)
        except (ValueError, TypeError, KeyError) as error:
            label = html_text(entry.get("title", "")) or f"item {index + 1}"
            yield items.Failed("article", label, f"could not read this item: {error}")


def _location_key(location: str) -> str:
    if location.lower().startswith(("http://", "https://")):
        return location
    return str(Path(location).resolve())


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
        title = _first_words(summary or html_text(body_html)) or f"Untitled item {index + 1}"
        notes.append("no title in the feed: made from its first words")
    link = entry.get("feedburner_origlink") or entry.get("link", "")
    guid = entry.get("id") or link
    if link and base and not link.lower().startswith(("http://", "https://")):
        link = urljoin(base, link)  # a relative link, against the site's address
    if not guid:
        guid = "sha256:" + hashlib.sha256(f"{title}\n{body_html}".encode()).hexdigest()
        notes.append("no id or link in the feed: re-imports recognise it by its text")
    published = _when(entry.get("published_parsed")) or _when(entry.get("updated_parsed"))
    raw_date = entry.get("published") or entry.get("updated")
    if published is None and raw_date:
        notes.append(f"its date could not be read: {raw_date[:60]!r}")
    authors = [
        name for name in (_person_name(a, "") for a in entry.get("authors") or []) if name
    ] or ([_person_name(entry.get("author_detail") or {}, entry.get("author", ""))])
    authors = [a for a in authors if a] or ([fallback_author] if fallback_author else [])
    terms = tuple(
        dict.fromkeys(
            items.TermRef("tag", slugify(term)[:190] or term[:190], term)
            for term in (
                " ".join(html_text(t.get("term") or t.get("label") or "").split())
                for t in entry.get("tags") or []
            )
            if term
        )
    )
    return items.Post(
        guid=guid,
        title=title,
        body=html_body(body_html),
        status="published",
        published_at=published,
        authors=tuple(dict.fromkeys(authors)),
        summary=summary,
        canonical_url=link,
        terms=terms,
        notes=tuple(notes),
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
        return "".join(f"<p>{html.escape(p)}</p>" for p in value.split("\n\n") if p.strip())
    return value


def _when(parsed: Any) -> dt.datetime | None:
    """feedparser's struct_time (always UTC) as an aware datetime."""
    if not parsed:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _first_words(text: str, words: int = 10) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# --- JSON Feed ----------------------------------------------------------------------


def _json_feed(data: bytes, *, where: str, location: str) -> Iterator[items.Record]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportRefused(f"{where}: a JSON Feed must be UTF-8") from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            f"{where}: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    version = document.get("version", "") if isinstance(document, dict) else ""
    if not str(version).startswith("https://jsonfeed.org/version/"):
        raise ImportRefused(
            f"{where}: JSON, but not a JSON Feed (no https://jsonfeed.org/version/ 'version')"
        )
    entries = document.get("items") or []
    if not isinstance(entries, list):
        raise ImportRefused(f"{where}: the JSON Feed's 'items' is not a list")
    number = str(version).rsplit("/", 1)[-1]
    yield items.Source(
        key=f"feed:{document.get('feed_url') or document.get('home_page_url') or _location_key(location)}",  # noqa: E501
        title=str(document.get("title") or where),
        link=str(document.get("home_page_url") or ""),
        format=f"JSON Feed {number}",
        total=len(entries),
    )
    fallback = _json_authors(document)
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            yield items.Failed("article", f"item {index + 1}", "not a JSON object")
            continue
        try:
            yield _json_item(entry, fallback=fallback, index=index)
        except (ValueError, TypeError) as error:
            label = str(entry.get("title") or entry.get("id") or f"item {index + 1}")
            yield items.Failed("article", label, f"could not read this item: {error}")


def _json_authors(document: dict[str, Any]) -> list[str]:
    people = document.get("authors") or ([document["author"]] if document.get("author") else [])
    return [str(p.get("name")).strip() for p in people if isinstance(p, dict) and p.get("name")]


def _json_item(entry: dict[str, Any], *, fallback: list[str], index: int) -> items.Post:
    notes: list[str] = []
    content = entry.get("content_html")
    if content is None and entry.get("content_text") is not None:
        text = str(entry["content_text"])
        content = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    sanitised = str(content or "")  # html_body sanitises it with the article rules
    title = " ".join(str(entry.get("title") or "").split())
    summary = html_text(str(entry.get("summary") or ""))
    if not title:
        title = _first_words(summary or html_text(sanitised)) or f"Untitled item {index + 1}"
        notes.append("no title in the feed: made from its first words")
    published = _iso(entry.get("date_published")) or _iso(entry.get("date_modified"))
    if published is None and (entry.get("date_published") or entry.get("date_modified")):
        notes.append("its date could not be read")
    link = str(entry.get("url") or entry.get("external_url") or "")
    tags = [str(t) for t in entry.get("tags") or [] if str(t).strip()]
    return items.Post(
        guid=str(entry.get("id") or link or f"item-{index}"),
        title=title,
        body=html_body(sanitised),
        status="published",
        published_at=published,
        authors=tuple(_json_authors(entry) or fallback),
        summary=summary,
        canonical_url=link,
        terms=tuple(
            dict.fromkeys(
                items.TermRef("tag", slugify(t)[:190] or t[:190], t.strip()) for t in tags
            )
        ),
        notes=tuple(notes),
    )


def _iso(value: Any) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)

"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org) to importer records."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django.utils.text import slugify

from dossiers.importers import items
from dossiers.importers.errors import ImportRefused
from dossiers.importers.feeds.common import first_words, location_key, text_paragraphs
from dossiers.importers.htmlbody import html_body, html_text

_VERSION = "https://jsonfeed.org/version/"


def json_feed(data: bytes, *, where: str, location: str) -> Iterator[items.Record]:
    document = _document(data, where=where)
    entries = document.get("items") or []
    if not isinstance(entries, list):
        raise ImportRefused(f"{where}: the JSON Feed's 'items' is not a list")
    number = str(document["version"]).rsplit("/", 1)[-1]
    home = document.get("feed_url") or document.get("home_page_url") or location_key(location)
    yield items.Source(
        key=f"feed:{home}",
        title=str(document.get("title") or where),
        link=str(document.get("home_page_url") or ""),
        format=f"JSON Feed {number}",
        total=len(entries),
    )
    fallback = _authors(document)
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            yield items.Failed("article", f"item {index + 1}", "not a JSON object")
            continue
        try:
            yield _item(entry, fallback=fallback, index=index)
        except (ValueError, TypeError, AttributeError, OverflowError, RecursionError) as error:
            label = str(entry.get("title") or entry.get("id") or f"item {index + 1}")[:120]
            yield items.Failed("article", label, f"could not read item {index + 1}: {error}")


def _document(data: bytes, *, where: str) -> dict[str, Any]:
    """The feed's top-level object; refuses what is not JSON, or not a JSON Feed."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportRefused(f"{where}: a JSON Feed must be UTF-8") from None
    except RecursionError:
        raise ImportRefused(
            f"{where}: the JSON is nested too deeply (arrays or objects inside one another "
            "thousands of times); a JSON Feed never is"
        ) from None
    except ValueError as error:  # a number of more than 4,300 digits
        if isinstance(error, json.JSONDecodeError):
            raise ImportRefused(
                f"{where}: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
            ) from None
        raise ImportRefused(f"{where}: not a readable JSON Feed: {error}") from None
    version = document.get("version", "") if isinstance(document, dict) else ""
    if not isinstance(document, dict) or not str(version).startswith(_VERSION):
        raise ImportRefused(f"{where}: JSON, but not a JSON Feed (no {_VERSION} 'version')")
    return document


def _authors(document: dict[str, Any]) -> list[str]:
    """The names of `authors` (1.1) or `author` (1.0); what is not a person is left out."""
    people = document.get("authors") or document.get("author") or []
    if not isinstance(people, list):
        people = [people]
    names = (
        " ".join(str(p["name"]).split()) for p in people if isinstance(p, dict) and p.get("name")
    )
    return [name for name in names if name]


def _item(entry: dict[str, Any], *, fallback: list[str], index: int) -> items.Post:
    notes: list[str] = []
    content = entry.get("content_html")
    if content is None and entry.get("content_text") is not None:
        content = text_paragraphs(str(entry["content_text"]))
    sanitised = str(content or "")  # html_body sanitises it with the article rules
    title = " ".join(str(entry.get("title") or "").split())
    summary = html_text(str(entry.get("summary") or ""))
    if not title:
        title = first_words(summary or html_text(sanitised)) or f"Untitled item {index + 1}"
        notes.append("no title in the feed: made from its first words")
    published = _iso(entry.get("date_published")) or _iso(entry.get("date_modified"))
    if published is None and (entry.get("date_published") or entry.get("date_modified")):
        notes.append("its date could not be read")
    link = str(entry.get("url") or entry.get("external_url") or "")
    tags = entry.get("tags") or []
    if not isinstance(tags, list):
        notes.append("its 'tags' is not a list: left out")
        tags = []
    tags = [" ".join(str(t).split()) for t in tags if isinstance(t, str) and t.strip()]
    return items.Post(
        guid=str(entry.get("id") or link or f"item-{index}"),
        title=title,
        body=html_body(sanitised),
        status="published",
        published_at=published,
        authors=tuple(_authors(entry) or fallback),
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
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return items.utc(parsed)

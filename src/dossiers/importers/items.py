"""What every importer yields: plain frozen dataclasses, one loader writes them.

A parser never touches the database; the loader (loader/) never parses.
The records come in this order: one `Source`, then `Person` and `Term`
records, then `Post` and `Skipped` records (a WordPress export lists its
authors and terms before its items; the other formats follow suit).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from dossiers.core.text import strip_control_characters


@dataclass(frozen=True)
class Source:
    """Where the records come from; `key` makes GUIDs unique across sources."""

    key: str
    title: str = ""
    link: str = ""
    format: str = ""  # "wxr 1.2", "rss20", "atom10", "json feed 1.1", "markdown"…
    total: int | None = None  # posts to expect, for the progress bar
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    """An author as the source knows it: `key` is the login, e-mail or name it uses."""

    key: str
    name: str
    email: str = ""
    slug: str = ""
    bio: str = ""
    links: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other keys posts may use for this person (e-mail, id)
    old_paths: tuple[str, ...] = ()  # the person's page on the old site (/author/login)


@dataclass(frozen=True)
class Term:
    """A category or tag. `parent` is the parent's key (categories only)."""

    taxonomy: str  # "category" or "tag"
    key: str  # the source's slug (nicename)
    name: str
    description: str = ""
    parent: str = ""
    old_paths: tuple[str, ...] = ()  # the term's page on the old site (/category/a/b)


@dataclass(frozen=True)
class Comment:
    key: str
    author: str
    body_html: str
    created_at: dt.datetime
    status: str  # approved / pending / spam / removed
    kind: str = "comment"  # comment / pingback / trackback
    email: str = ""
    url: str = ""
    parent: str = ""  # key of the comment replied to


@dataclass(frozen=True)
class TermRef:
    taxonomy: str
    key: str
    name: str


@dataclass(frozen=True)
class Post:
    """An article to create or update. `body` is Markdown (HTML is valid Markdown here:
    importers of HTML sources give HTML laid out so that Markdown keeps it as is)."""

    guid: str
    title: str
    body: str
    status: str  # "published" or "draft"
    published_at: dt.datetime | None
    authors: tuple[str, ...]  # Person keys, in byline order
    updated_at: dt.datetime | None = None  # when the source last changed it, if it says
    slug: str = ""
    summary: str = ""
    canonical_url: str = ""
    terms: tuple[TermRef, ...] = ()
    comments: tuple[Comment, ...] = ()
    old_paths: tuple[str, ...] = ()  # addresses on the old site, answered with a 301
    notes: tuple[str, ...] = ()  # what the parser changed or dropped, for the report
    sticky: bool = False  # kept at the top of the home page (WordPress: sticky)
    counters: tuple[tuple[str, int], ...] = ()  # e.g. (("unknown shortcodes removed", 2),)
    # The featured image: its address on the old site ("media:ID" once in the library).
    featured_image: str = ""
    featured_alt: str = ""


@dataclass(frozen=True)
class Skipped:
    """Something in the source that is deliberately not imported, and why."""

    kind: str
    label: str
    reason: str


@dataclass(frozen=True)
class Failed:
    """An item the parser could not read; the rest of the source still imports."""

    kind: str
    label: str
    reason: str


Record = Source | Person | Term | Post | Skipped | Failed


def utc(value: dt.datetime) -> dt.datetime | None:
    """An aware datetime in UTC (a naive one is read as UTC); None when UTC has no such
    day (9999-12-31T23:00-05:00 is in the year 10000)."""
    try:
        return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
    except (OverflowError, ValueError):
        return None


CONTROL_CHARACTERS = "control characters removed"
_R = TypeVar("_R")


def scrubbed(records: Iterable[_R]) -> Iterator[_R]:
    """The records with control characters and lone surrogates removed from every text
    field (a database cannot store a lone surrogate; no reader wants a NUL or an escape
    sequence). A post counts what it lost, for the report."""
    for record in records:
        removed = [0]
        clean = _scrub(record, removed)
        if removed[0] and isinstance(clean, Post):
            clean = dataclasses.replace(
                clean, counters=(*clean.counters, (CONTROL_CHARACTERS, removed[0]))
            )
        yield clean


def _scrub(value: Any, removed: list[int]) -> Any:
    if isinstance(value, str):
        text, n = strip_control_characters(value)
        removed[0] += n
        return text
    if isinstance(value, tuple):
        return tuple(_scrub(part, removed) for part in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            old = getattr(value, field.name)
            new = _scrub(old, removed)
            if new != old:
                changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value

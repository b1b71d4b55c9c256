"""The contract every search backend keeps, and what they share.

A backend indexes documents (an article's title, summary and plain text,
with its publication time), removes them, clears the index, and answers a
`SearchRequest` with one page of hits (article id, score, snippet), the
number of results and whether that number was capped. tests/search/
test_contract.py holds the one test class every backend passes.

**Order and visibility through one number.** Each indexed article has a
`sort_key`: its publication second times 2**24, plus a number that keeps
keys unique within a second (the article id's low 24 bits, probed further
on a clash). Newest first is then key order, which both engines read
straight from an index (FTS5 keeps its rows in rowid order, and the rowid
is the key; PostgreSQL has a B-tree on it), and "published by now" or "in
this date range" is a key range. A scheduled article is indexed at once
with its future key and stays out of every result until its second has
come; the boundary second is settled exactly against `published_at`.

**A window of candidates.** A query matching most of a 100,000-article
archive ("defence") cannot be ranked in full within the time budget: each
backend takes the `window` (default 1,000) newest matches of the loose form
of the query (see syntax.py), keeps those matching the strict form, and
ranks them by relevance, newest first among equals. When more articles
match than the window holds, the result says so (`capped`) and its total
counts the window's matches. Queries that match fewer articles, which is
nearly all specific ones, are ranked over every match.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import connection, transaction
from django.db.models import QuerySet

from dossiers.knowledge.folding import normalize
from dossiers.search.query import ParsedQuery

KEY_SLOTS = 2**24  # keys per second of publication
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"  # snippet markers (private-use characters)
DEFAULT_WINDOW = 1000


@dataclass(frozen=True)
class IndexDocument:
    article_id: int
    title: str
    summary: str
    body: str
    published_at: dt.datetime
    updated_at: dt.datetime | None = None  # the article's, to tell a stale entry


@dataclass(frozen=True)
class SearchRequest:
    query: ParsedQuery
    now: dt.datetime
    offset: int = 0
    limit: int = 10
    # Article-id querysets a result must be in (one per filter: hub, author, entity).
    restrict: tuple[QuerySet, ...] = ()
    # Article ids that count as matches even without the words (articles about an entity
    # the query names); they must still pass `restrict` and the dates.
    also: QuerySet | None = None
    published_from: dt.datetime | None = None
    published_until: dt.datetime | None = None
    # The query as typed, when `query` also looks for other names: articles with the
    # words as typed in their title or summary (on PostgreSQL, also their first 50 words)
    # come first.
    typed: ParsedQuery | None = None


@dataclass(frozen=True)
class BackendHit:
    article_id: int
    score: float  # higher is more relevant
    snippet_html: str  # escaped text with <mark> around the matches


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[BackendHit, ...] = ()
    total: int = 0
    capped: bool = False  # more articles match than the window holds
    window: int = DEFAULT_WINDOW


@dataclass
class KeyRange:
    low: int | None
    high: int  # inclusive
    exact_after: int  # keys above this (up to `high`) are checked against published_at
    now: dt.datetime


# --- Keys ----------------------------------------------------------------------------


def second_of(moment: dt.datetime) -> int:
    return math.floor(moment.timestamp())


def sort_key(published_at: dt.datetime, article_id: int) -> int:
    return second_of(published_at) * KEY_SLOTS + article_id % KEY_SLOTS


def key_range(request: SearchRequest) -> KeyRange:
    """Keys a result may have: published by `now`, within the requested dates."""
    now_second = second_of(request.now)
    high = (now_second + 1) * KEY_SLOTS - 1
    exact_after = now_second * KEY_SLOTS - 1
    if request.published_until is not None:
        until = second_of(request.published_until)
        if until < now_second:
            high = exact_after = (until + 1) * KEY_SLOTS - 1
    low = None
    if request.published_from is not None:
        low = second_of(request.published_from) * KEY_SLOTS
    return KeyRange(low=low, high=high, exact_after=exact_after, now=request.now)


def assign_keys(
    documents: Sequence[IndexDocument],
    *,
    kept: Mapping[int, tuple[int, dt.datetime]],
    taken: set[int],
) -> dict[int, int]:
    """A key per article id: its current one if its date is unchanged, else a free one.

    `kept` is article id -> (key, published_at) of the documents being replaced;
    `taken` holds the keys of other articles, and receives the keys given out.
    """
    used = taken
    keys: dict[int, int] = {}
    for document in documents:
        old = kept.get(document.article_id)
        if old is not None and old[1] == document.published_at and old[0] not in used:
            key = old[0]
        else:
            key = sort_key(document.published_at, document.article_id)
            base = second_of(document.published_at) * KEY_SLOTS
            while key in used:  # same second, same low bits: take the next slot
                key = base + (key - base + 1) % KEY_SLOTS
        used.add(key)
        keys[document.article_id] = key
    return keys


# --- Text ----------------------------------------------------------------------------


def index_text(text: str) -> str:
    """Text as it is indexed: normalised as queries and the linker read text
    (`knowledge.folding.normalize`: a soft hyphen or a zero-width space inside a word
    does not split it), without the snippet markers and NUL bytes."""
    text = normalize(text)
    if MARK_OPEN in text or MARK_CLOSE in text or "\x00" in text:
        text = text.replace(MARK_OPEN, " ").replace(MARK_CLOSE, " ").replace("\x00", " ")
    return text


def snippet_html(marked: str) -> str:
    """Safe HTML from engine output: text escaped, markers turned into <mark> (balanced)."""
    out: list[str] = []
    open_mark = False
    start = 0
    for index, char in enumerate(marked):
        if char not in (MARK_OPEN, MARK_CLOSE):
            continue
        out.append(html.escape(marked[start:index], quote=False))
        start = index + 1
        if char == MARK_OPEN and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif char == MARK_CLOSE and open_mark:
            out.append("</mark>")
            open_mark = False
    out.append(html.escape(marked[start:], quote=False))
    if open_mark:
        out.append("</mark>")
    return "".join(out).replace("<mark></mark>", "")


def best_snippet(body: str | None, summary: str | None) -> str:
    """The body's passage if it shows a match, else the summary's, else the body's start."""
    for candidate in (body, summary):
        if candidate and MARK_OPEN in candidate:
            return snippet_html(candidate)
    return snippet_html(body or summary or "")


def rank(
    scores: Mapping[int, float], also: Mapping[int, int], typed: set[int] | None = None
) -> list[tuple[int, float]]:
    """(key, score) of every result, best first: articles with the words as typed (when
    other names were searched too), then relevance, then the newest.

    Articles found only through `also` (about an entity the query names, in words the
    text search cannot look for, such as an acronym that is also a common word) count as
    matches of middling relevance.
    """
    merged = dict(scores)
    if also:
        ordered = sorted(scores.values())
        middle = ordered[len(ordered) // 2] if ordered else 1.0
        for key in also:
            merged.setdefault(key, middle)
    if typed is None:
        return sorted(merged.items(), key=lambda item: (-item[1], -item[0]))
    return sorted(merged.items(), key=lambda item: (item[0] not in typed, -item[1], -item[0]))


def subquery_sql(queryset: QuerySet) -> tuple[str, tuple[Any, ...]]:
    """SQL of a single-column queryset (article ids), to use inside IN (…)."""
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


# --- The contract --------------------------------------------------------------------


class SearchBackend(ABC):
    """A full-text index of published articles. Subclasses need one database vendor."""

    vendor: ClassVar[str]
    label: ClassVar[str]

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        self.options = dict(options or {})
        self.window = int(self.options.get("WINDOW", DEFAULT_WINDOW))
        if self.window < 10:
            raise ValueError("The search window (OPTIONS['WINDOW']) must be at least 10.")

    # What the database offers --------------------------------------------------------

    def problems(self) -> list[str]:
        """Why this backend cannot work on the current database ([] when it can)."""
        if connection.vendor != self.vendor:
            return [
                f"The {self.label} search backend needs a {self.vendor} database; this site "
                f"uses {connection.vendor}. Set DOSSIERS_SEARCH_BACKEND to the backend of "
                "your database, or leave it unset to follow the database."
            ]
        return []

    # Writes ---------------------------------------------------------------------------

    def index(self, documents: Sequence[IndexDocument]) -> None:
        """Add or replace these documents (an article indexed again is replaced)."""
        from dossiers.search.backends.common import keys_for, rows_delete

        if not documents:
            return
        with transaction.atomic():
            keys = keys_for(documents)
            rows_delete(keys)
            self.load(documents, keys)

    def remove(self, article_ids: Iterable[int]) -> None:
        """Take these articles out of the index (unknown ids are ignored)."""
        from dossiers.search.backends.common import rows_delete

        with transaction.atomic():
            rows_delete(article_ids)

    @abstractmethod
    def load(self, documents: Sequence[IndexDocument], keys: dict[int, int]) -> None:
        """Write documents that are not in the index, with the keys given (no checks)."""

    @abstractmethod
    def clear(self) -> None:
        """Empty the index."""

    def bulk_begin(self) -> None:  # noqa: B027 - optional hook
        """Before a rebuild loads every document into an empty index."""

    def bulk_end(self) -> None:  # noqa: B027 - optional hook
        """After a rebuild: rebuild indexes, optimise."""

    # Reads ----------------------------------------------------------------------------

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResult:
        """One page of results for a searchable query."""

    def document_count(self) -> int:
        from dossiers.search.models import SearchDocument

        return SearchDocument.objects.count()

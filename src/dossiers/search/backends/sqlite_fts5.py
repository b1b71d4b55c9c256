"""SQLite FTS5: the default search backend.

One FTS5 table, `search_fts` (title, summary, body; the article id
unindexed), whose rowid is the document's sort key, so FTS5 hands rows
over newest first and a date range is a rowid range. Tokens: Unicode
words, diacritics removed ("Türkiye" = "Turkiye"), English Porter stems
("drones" = "drone"); prefix indexes on 3 and 4 characters keep a short
last-word prefix ("aut*") as fast as a word. Ranking: bm25 with title 10,
summary 4, body 1. Snippets: FTS5's `snippet()` on the body (or the
summary, where the match is), only for the page shown.

A trigger removes the text when a SearchDocument row is deleted (an
article deleted, its entry replaced); `schema_ensure` creates the table
and trigger (migration 0002, and after every `migrate`, since SQLite's
table rebuilds drop triggers).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction

from dossiers.search.backends.base import (
    MARK_CLOSE,
    MARK_OPEN,
    BackendHit,
    IndexDocument,
    KeyRange,
    SearchBackend,
    SearchRequest,
    SearchResult,
    best_snippet,
    index_text,
    key_range,
    rank,
    snippet_html,
    subquery_sql,
)
from dossiers.search.backends.common import rows_write
from dossiers.search.query import ParsedQuery
from dossiers.search.syntax import fts5_query, has_phrases

TABLE = "search_fts"
DOCUMENTS = "search_searchdocument"
WEIGHTS = (10.0, 4.0, 1.0, 0.0)  # title, summary, body, article id (unindexed)
SNIPPET_TOKENS = 32
DEFAULT_HASH_SIZE, BULK_HASH_SIZE = 1024 * 1024, 64 * 1024 * 1024

SCHEMA = (
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
        title, summary, body, article_id UNINDEXED,
        tokenize = 'porter unicode61 remove_diacritics 2',
        prefix = '3 4'
    )""",
    f"""CREATE TRIGGER IF NOT EXISTS search_document_deleted
        AFTER DELETE ON {DOCUMENTS}
        BEGIN DELETE FROM {TABLE} WHERE rowid = old.sort_key; END""",  # noqa: S608
)


def schema_ensure(cursor: Any) -> None:
    for statement in SCHEMA:
        cursor.execute(statement)


def schema_drop(cursor: Any) -> None:
    cursor.execute("DROP TRIGGER IF EXISTS search_document_deleted")
    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class SQLiteFTS5Backend(SearchBackend):
    vendor = "sqlite"
    label = "SQLite FTS5"

    def problems(self) -> list[str]:
        found = super().problems()
        if found:
            return found
        import sqlite3

        probe = sqlite3.connect(":memory:")
        try:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
        except sqlite3.OperationalError:
            found.append(
                f"This SQLite ({sqlite3.sqlite_version}) was built without FTS5, which the "
                "search needs. Use a Python whose sqlite3 has FTS5 (every official build does)."
            )
        finally:
            probe.close()
        return found

    # Writes ---------------------------------------------------------------------------

    def load(self, documents: Sequence[IndexDocument], keys: dict[int, int]) -> None:
        rows_write(documents, keys)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, title, summary, body, article_id) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s)",
                [
                    (
                        keys[d.article_id],
                        index_text(d.title),
                        index_text(d.summary),
                        index_text(d.body),
                        d.article_id,
                    )
                    for d in documents
                ],
            )

    def clear(self) -> None:
        """Drop and recreate the FTS5 table: deleting its rows one by one (which the
        trigger, or a plain DELETE, does) reads every document back to unindex it."""
        with transaction.atomic(), connection.cursor() as cursor:
            schema_drop(cursor)
            cursor.execute(f"DELETE FROM {DOCUMENTS}")  # noqa: S608
            schema_ensure(cursor)

    def bulk_begin(self) -> None:
        """Let a transaction of a rebuild hold 64 MB of new index data in memory, so that
        each batch is written as one segment (the default, 1 MB, writes dozens)."""
        self._config("hashsize", BULK_HASH_SIZE)

    def bulk_end(self) -> None:
        """Back to the default memory; merge the index's segments into one."""
        self._config("hashsize", DEFAULT_HASH_SIZE)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")  # noqa: S608

    def _config(self, name: str, value: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TABLE} ({TABLE}, rank) VALUES (%s, %s)",  # noqa: S608
                [name, value],
            )

    # Reads ----------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        if not request.query.searchable:
            return SearchResult(window=self.window)
        keys = key_range(request)
        bounds, bound_params = _bounds(keys, request, column="rowid")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, bm25({TABLE}, %s, %s, %s, %s) FROM {TABLE} "  # noqa: S608
                f"WHERE {TABLE} MATCH %s AND {bounds} ORDER BY rowid DESC LIMIT %s",
                [*WEIGHTS, fts5_query(request.query, strict=False), *bound_params, self.window + 1],
            )
            window = cursor.fetchall()
            capped = len(window) > self.window
            window = window[: self.window]
            scores = {key: -score for key, score in window}
            if window and has_phrases(request.query):
                scores = self._strict(cursor, request, scores, low=window[-1][0], high=window[0][0])
            typed = None
            if window and request.typed is not None:
                typed = self._matching(
                    cursor, request.typed, low=window[-1][0], high=window[0][0], prominent=True
                )
            also: dict[int, int] = {}
            if request.also is not None:
                also, also_capped = self._also(cursor, request, keys)
                capped |= also_capped
        ranked = rank(scores, also, typed)
        page = ranked[request.offset : request.offset + request.limit]
        return SearchResult(
            hits=tuple(self._page(request, page, also)),
            total=len(ranked),
            capped=capped,
            window=self.window,
        )

    def _strict(
        self, cursor: Any, request: SearchRequest, scores: dict[int, float], *, low: int, high: int
    ) -> dict[int, float]:
        """The window's rows that match the phrases too (the window is a rowid range)."""
        kept = self._matching(cursor, request.query, low=low, high=high)
        return {key: score for key, score in scores.items() if key in kept}

    def _matching(
        self, cursor: Any, query: ParsedQuery, *, low: int, high: int, prominent: bool = False
    ) -> set[int]:
        """Keys between low and high whose text matches `query` (strictly); `prominent`:
        in the title or the summary."""
        match = fts5_query(query)
        if prominent:
            match = f"{{title summary}} : ({match})"
        cursor.execute(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s "  # noqa: S608
            "AND rowid >= %s AND rowid <= %s",
            [match, low, high],
        )
        return {row[0] for row in cursor.fetchall()}

    def _also(self, cursor: Any, request: SearchRequest, keys: KeyRange) -> tuple[dict, bool]:
        """Newest entries of the articles in `request.also`: key -> article id."""
        bounds, params = _bounds(keys, request, column="sort_key")
        sql, also_params = subquery_sql(request.also)  # type: ignore[arg-type]
        cursor.execute(
            f"SELECT sort_key, article_id FROM {DOCUMENTS} "  # noqa: S608
            f"WHERE article_id IN ({sql}) AND {bounds} ORDER BY sort_key DESC LIMIT %s",
            [*also_params, *params, self.window + 1],
        )
        rows = cursor.fetchall()
        return dict(rows[: self.window]), len(rows) > self.window

    def _page(
        self, request: SearchRequest, page: list[tuple[int, float]], also: dict[int, int]
    ) -> list[BackendHit]:
        if not page:
            return []
        keys = [key for key, _ in page]
        marks = ", ".join(["%s"] * len(keys))
        found: dict[int, tuple[int, str]] = {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, article_id, snippet({TABLE}, 2, %s, %s, '…', %s), "  # noqa: S608
                f"snippet({TABLE}, 1, %s, %s, '…', %s) FROM {TABLE} "
                # The rowid range lets FTS5 walk one stretch of its lists; `rowid IN` alone
                # would restart the whole query once per key.
                f"WHERE {TABLE} MATCH %s AND rowid >= %s AND rowid <= %s "
                f"AND +rowid IN ({marks})",
                [
                    MARK_OPEN,
                    MARK_CLOSE,
                    SNIPPET_TOKENS,
                    MARK_OPEN,
                    MARK_CLOSE,
                    SNIPPET_TOKENS,
                    fts5_query(request.query),
                    min(keys),
                    max(keys),
                    *keys,
                ],
            )
            for key, article_id, body, summary in cursor.fetchall():
                found[key] = (article_id, best_snippet(body, summary))
            missing = [key for key in keys if key not in found]
            if missing:  # matched through `also` only: show the summary
                marks = ", ".join(["%s"] * len(missing))
                cursor.execute(
                    f"SELECT rowid, article_id, summary FROM {TABLE} "  # noqa: S608
                    f"WHERE rowid IN ({marks})",
                    missing,
                )
                for key, article_id, summary in cursor.fetchall():
                    found[key] = (article_id, snippet_html(summary))
        return [
            BackendHit(article_id=found[key][0], score=score, snippet_html=found[key][1])
            for key, score in page
            if key in found
        ]


def _bounds(keys: KeyRange, request: SearchRequest, *, column: str) -> tuple[str, list[Any]]:
    """Publication (now, dates) and filters, as conditions on a sort-key column.

    The filters are `+rowid IN (…)`: checked row by row against a set built
    once, so FTS5 still walks its rows newest first and stops at the window.
    """
    plus = "+" if column == "rowid" else ""
    boundary = (
        f"SELECT sort_key FROM {DOCUMENTS} WHERE sort_key > %s AND sort_key <= %s "  # noqa: S608
        "AND published_at <= %s"
    )
    parts = [f"{column} <= %s", f"({plus}{column} <= %s OR {plus}{column} IN ({boundary}))"]
    params: list[Any] = [
        keys.high,
        keys.exact_after,
        keys.exact_after,
        keys.high,
        connection.ops.adapt_datetimefield_value(keys.now),
    ]
    if keys.low is not None:
        parts.append(f"{column} >= %s")
        params.append(keys.low)
    for queryset in request.restrict:
        sql, restrict_params = subquery_sql(queryset)
        parts.append(
            f"{plus}{column} IN (SELECT sort_key FROM {DOCUMENTS} "  # noqa: S608
            f"WHERE article_id IN ({sql}))"
        )
        params.extend(restrict_params)
    return " AND ".join(parts), params

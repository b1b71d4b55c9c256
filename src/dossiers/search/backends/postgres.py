"""PostgreSQL full text: the search backend for sites on PostgreSQL.

Each SearchDocument row carries `document`, a tsvector weighted title A,
summary B, body C, in the `dossiers_search` text search configuration
(English stems, with `unaccent` so that "Türkiye" = "Turkiye"), under a
GIN index. Migration 0003 adds the column, the index and the configuration
on PostgreSQL only.

One statement answers a query: the window of newest candidates comes from
the loose form of the query (which the GIN index answers without reading
any tsvector), then only those candidates are checked against the strict
form (phrases) and ranked with `ts_rank` (weights 0.1, 0.2, 0.4, 1.0 for
D, C, B, A; normalised by document length). Snippets come from
`ts_headline`, run only on the page shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import connection

from dossiers.search.backends.base import (
    MARK_CLOSE,
    MARK_OPEN,
    BackendHit,
    IndexDocument,
    SearchBackend,
    SearchRequest,
    SearchResult,
    _KeyRange,
    best_snippet,
    index_text,
    key_range,
    rank,
    subquery_sql,
)
from dossiers.search.syntax import pg_tsquery

DOCUMENTS = "search_searchdocument"
GIN_INDEX = "search_document_gin"
CONFIG = "dossiers_search"
# tsvector holds at most 1 MB; the first this many characters of a body are indexed.
MAX_BODY_CHARS = 300_000
HEADLINE_CHARS = 100_000
HEADLINE_OPTIONS = (
    f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=30, MinWords=12, ShortWord=3, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
VECTOR = (
    "setweight(to_tsvector(%s::regconfig, %s), 'A') || "
    "setweight(to_tsvector(%s::regconfig, %s), 'B') || "
    "setweight(to_tsvector(%s::regconfig, %s), 'C')"
)


_NON_WORD = re.compile(r"[\W_]+")


def words_only(text: str) -> str:
    """Text with every run of non-word characters made a space, before to_tsvector.

    PostgreSQL's parser keeps "S-400" as a signed number "-400", "U.S." as a host
    name and "f-35s" as a compound; queries are read as runs of letters and digits
    (query.word_pieces), and so is the text here, as FTS5 reads it on SQLite.
    """
    return _NON_WORD.sub(" ", index_text(text))


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    label = "PostgreSQL full-text"

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self.config = str(self.options.get("CONFIG", CONFIG))

    # Writes ---------------------------------------------------------------------------

    def load(self, documents: Sequence[IndexDocument], keys: dict[int, int]) -> None:
        config = self.config
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {DOCUMENTS} (article_id, sort_key, published_at, "  # noqa: S608
                f"source_updated_at, document) VALUES (%s, %s, %s, %s, {VECTOR})",
                [
                    (
                        d.article_id, keys[d.article_id], d.published_at, d.updated_at,
                        config, words_only(d.title), config, words_only(d.summary),
                        config, words_only(d.body[:MAX_BODY_CHARS]),
                    )
                    for d in documents
                ],
            )  # fmt: skip

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {DOCUMENTS}")  # noqa: S608

    def bulk_begin(self) -> None:
        """Loading an empty table and indexing it once is several times faster.

        Not inside a caller's transaction: PostgreSQL refuses CREATE INDEX on a table
        with pending deferred (foreign key) checks, which that transaction would hold.
        """
        if connection.in_atomic_block:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")

    def bulk_end(self) -> None:
        with connection.cursor() as cursor:
            if not connection.in_atomic_block:  # see bulk_begin
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {DOCUMENTS} USING gin (document)"
                )
            cursor.execute(f"ANALYZE {DOCUMENTS}")

    # Reads ----------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        if not request.query.searchable:
            return SearchResult(window=self.window)
        keys = key_range(request)
        bounds, bound_params = _bounds(keys, request)
        loose, loose_params = pg_tsquery(request.query, config=self.config, strict=False)
        strict, strict_params = pg_tsquery(request.query, config=self.config)
        typed, typed_params = "false", []
        if request.typed is not None:
            typed, typed_params = pg_tsquery(request.typed, config=self.config)
            typed = f"d.document @@ {typed}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"""WITH win AS (
                    SELECT article_id, sort_key FROM {DOCUMENTS}
                    WHERE document @@ {loose} AND {bounds}
                    ORDER BY sort_key DESC LIMIT %s
                ), hits AS (
                    SELECT w.sort_key, w.article_id,
                        ts_rank('{{0.1, 0.2, 0.4, 1.0}}', d.document, {strict}, 1) AS score,
                        {typed} AS typed
                    FROM (SELECT * FROM win ORDER BY sort_key DESC LIMIT %s) AS w
                    JOIN {DOCUMENTS} d ON d.article_id = w.article_id
                    WHERE d.document @@ {strict}
                )
                SELECT c.n, hits.sort_key, hits.article_id, hits.score, hits.typed
                FROM (SELECT count(*) AS n FROM win) AS c LEFT JOIN hits ON true""",  # noqa: S608
                [*loose_params, *bound_params, self.window + 1, *strict_params, *typed_params,
                 self.window, *strict_params],
            )  # fmt: skip
            rows = cursor.fetchall()
            capped = rows[0][0] > self.window
            found = [row[1:] for row in rows if row[1] is not None]
            articles = {key: article_id for key, article_id, _, _ in found}
            scores = {key: float(score) for key, _, score, _ in found}
            exact = {key for key, _, _, typed in found if typed} if request.typed else None
            also: dict[int, int] = {}
            if request.also is not None:
                also, also_capped = self._also(cursor, request, keys)
                capped |= also_capped
                articles.update(also)
        ranked = rank(scores, also, exact)
        page = ranked[request.offset : request.offset + request.limit]
        return SearchResult(
            hits=tuple(self._page(request, page, articles)),
            total=len(ranked),
            capped=capped,
            window=self.window,
        )

    def _also(self, cursor: Any, request: SearchRequest, keys: _KeyRange) -> tuple[dict, bool]:
        bounds, params = _bounds(keys, request)
        sql, also_params = subquery_sql(request.also)  # type: ignore[arg-type]
        cursor.execute(
            f"SELECT sort_key, article_id FROM {DOCUMENTS} "  # noqa: S608
            f"WHERE article_id IN ({sql}) AND {bounds} ORDER BY sort_key DESC LIMIT %s",
            [*also_params, *params, self.window + 1],
        )
        rows = cursor.fetchall()
        return dict(rows[: self.window]), len(rows) > self.window

    def _page(
        self, request: SearchRequest, page: list[tuple[int, float]], articles: dict[int, int]
    ) -> list[BackendHit]:
        if not page:
            return []
        ids = [articles[key] for key, _ in page]
        strict, strict_params = pg_tsquery(request.query, config=self.config)
        typed, typed_params = "false", []
        if request.typed is not None:
            typed, typed_params = pg_tsquery(request.typed, config=self.config)
            typed = f"d.document @@ {typed}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT a.id,
                    ts_headline(%s::regconfig,
                        translate(left(a.body_text, %s), %s, '  '), {strict}, %s),
                    ts_headline(%s::regconfig, translate(a.summary, %s, '  '), {strict}, %s)
                FROM publishing_article a WHERE a.id = ANY(%s)""",  # noqa: S608
                [self.config, HEADLINE_CHARS, MARK_OPEN + MARK_CLOSE, *strict_params,
                 HEADLINE_OPTIONS, self.config, MARK_OPEN + MARK_CLOSE, *strict_params,
                 HEADLINE_OPTIONS, ids],
            )  # fmt: skip
            snippets = {pk: best_snippet(body, summary) for pk, body, summary in cursor.fetchall()}
        return [
            BackendHit(article_id=articles[key], score=score, snippet_html=snippets[articles[key]])
            for key, score in page
            if articles[key] in snippets
        ]


def _bounds(keys: _KeyRange, request: SearchRequest) -> tuple[str, list[Any]]:
    parts = ["sort_key <= %s", "(sort_key <= %s OR published_at <= %s)"]
    params: list[Any] = [keys.high, keys.exact_after, keys.now]
    if keys.low is not None:
        parts.append("sort_key >= %s")
        params.append(keys.low)
    for queryset in request.restrict:
        sql, restrict_params = subquery_sql(queryset)
        parts.append(f"article_id IN ({sql})")
        params.extend(restrict_params)
    return " AND ".join(parts), params

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

import json
import re
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction

from dossiers.knowledge.folding import fold
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
    subquery_sql,
)
from dossiers.search.query import iter_phrases
from dossiers.search.syntax import has_phrases, pg_tsquery

DOCUMENTS = "search_searchdocument"
GIN_INDEX = "search_document_gin"
CONFIG = "dossiers_search"
# tsvector holds at most 1 MB; the first this many characters of a body are indexed.
MAX_BODY_CHARS = 300_000
HEADLINE_CHARS = 100_000
# The passage of the body given to ts_headline: from PASSAGE_LEAD characters before the
# first cue on, PASSAGE_CHARS long.
PASSAGE_CHARS, PASSAGE_LEAD, MAX_CUES = 700, 120, 24
# The window is first looked for among the newest entries expected to hold it this often.
SLICE_MARGIN = 2
# Ranking reads a small vector kept in the row: title, summary and the body's lead.
LEAD_WORDS = 50
# One passage (MaxFragments=0): the fragment mode costs ten times as much.
HEADLINE_OPTIONS = (
    f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=35, MinWords=15, ShortWord=3"
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


def lead(text: str) -> list[str]:
    return words_only(text[: LEAD_WORDS * 20]).split()[:LEAD_WORDS]


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
                f"source_updated_at, document, rank_vector) VALUES (%s, %s, %s, %s, {VECTOR}, "
                f"{VECTOR})",
                [
                    (
                        d.article_id,
                        keys[d.article_id],
                        d.published_at,
                        d.updated_at,
                        config,
                        title,
                        config,
                        summary,
                        config,
                        words_only(d.body[:MAX_BODY_CHARS]),
                        config,
                        title,
                        config,
                        summary,
                        config,
                        " ".join(lead(d.body)),
                    )
                    for d in documents
                    for title, summary in [(words_only(d.title), words_only(d.summary))]
                ],
            )

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
        """The GIN index, then statistics and the visibility map (VACUUM), which the
        window's cutoff reads with an index-only scan."""
        with connection.cursor() as cursor:
            if connection.in_atomic_block:  # see bulk_begin
                cursor.execute(f"ANALYZE {DOCUMENTS}")
                return
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {DOCUMENTS} USING gin (document)"
            )
            cursor.execute(f"VACUUM (ANALYZE) {DOCUMENTS}")

    # Reads ----------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        if not request.query.searchable:
            return SearchResult(window=self.window)
        keys = key_range(request)
        with transaction.atomic(), connection.cursor() as cursor:
            # A filter's articles are a bitmap already, and a small one: no slice then.
            estimate = (0.0, 1.0) if request.restrict else self._estimate(cursor, request)
            cutoff = self._cutoff(cursor, keys, estimate)
            rows = self._window(cursor, request, keys, cutoff)
            if cutoff is not None and len(rows) <= self.window:
                # Too few in the slice: a slice as many times longer (in time) as the
                # matches found so far say is enough, then everything.
                cutoff = _longer_slice(keys.high, cutoff, found=len(rows), needed=self.window)
                rows = self._window(cursor, request, keys, cutoff)
                if cutoff is not None and len(rows) <= self.window:
                    rows = self._window(cursor, request, keys, None)
            capped = len(rows) > self.window
            rows = rows[: self.window]
            articles = {key: article_id for key, article_id, _, _, _ in rows}
            scores = {key: float(score) for key, _, score, strict, _ in rows if strict}
            typed = {key for key, _, _, _, typed in rows if typed} if request.typed else None
            also: dict[int, int] = {}
            if request.also is not None:
                also, also_capped = self._also(cursor, request, keys)
                capped |= also_capped
                articles.update(also)
            # Nothing was written: rolling back (to a savepoint, inside a caller's
            # transaction) is how the plan settings of `_cutoff` end here.
            transaction.set_rollback(True)
        ranked = rank(scores, also, typed)
        page = ranked[request.offset : request.offset + request.limit]
        return SearchResult(
            hits=tuple(self._page(request, page, articles)),
            total=len(ranked),
            capped=capped,
            window=self.window,
        )

    def _estimate(self, cursor: Any, request: SearchRequest) -> tuple[float, float]:
        """(entries the loose query matches, entries), as the planner estimates them from
        the column's statistics: close for common words, which are the ones that
        matter here. One EXPLAIN, no rows read."""
        loose, params = pg_tsquery(request.query, config=self.config, strict=False)
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {DOCUMENTS} WHERE document @@ {loose} "  # noqa: S608
            f"UNION ALL SELECT 1 FROM {DOCUMENTS}",
            params,
        )
        plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        matching, everything = (float(part["Plan Rows"]) for part in plan[0]["Plan"]["Plans"])
        return matching, everything

    def _cutoff(self, cursor: Any, keys: KeyRange, estimate: tuple[float, float]) -> int | None:
        """Where the window is first looked for, and the plan settings for the rest of
        this transaction.

        A query expected to match many entries looks among the newest entries
        that should hold its window twice over: their keys are a B-tree range
        that the planner intersects with the GIN index's bitmap, so a word in half
        the archive costs a slice, not half the archive (None: look everywhere).
        Only a bitmap plan does that without reading tsvectors row by row (which
        the planner, counting `@@` as cheap, would otherwise choose with an index
        scan in key order); seq and index scans are therefore off until the
        search's transaction (or savepoint) ends. The cutoff itself is planned
        before the settings apply (an index-only scan).
        """
        matching, everything = estimate
        span = SLICE_MARGIN * (self.window + 1) * everything / max(matching, 1.0)
        slice_sql, params = "NULL", []
        if span < everything * 0.8:
            slice_sql = (
                f"(SELECT sort_key FROM {DOCUMENTS} WHERE sort_key <= %s "  # noqa: S608
                "ORDER BY sort_key DESC OFFSET %s LIMIT 1)"
            )
            params = [keys.high, int(span)]
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true), "
            f"set_config('enable_indexscan', 'off', true), {slice_sql}",
            params,
        )
        return cursor.fetchone()[2]

    def _window(
        self, cursor: Any, request: SearchRequest, keys: KeyRange, cutoff: int | None
    ) -> list[tuple[int, int, float, bool, bool]]:
        """The newest window + 1 candidates (loose form), newest first, as (key, article
        id, score, matches the strict form, matches the words as typed)."""
        config = self.config
        bounds, bound_params = _bounds(keys, request)
        if cutoff is not None:
            bounds += " AND sort_key >= %s"
            bound_params.append(cutoff)
        loose, loose_params = pg_tsquery(request.query, config=config, strict=False)
        # Phrases are checked on the window only. They need positions: the small vector
        # (title, summary, lead: in the row) answers first, and only when it does not
        # is the whole document's tsvector read (from TOAST, the costly part).
        strict, strict_params = "true", []
        if has_phrases(request.query):
            phrase, phrase_params = pg_tsquery(request.query, config=config)
            strict = f"(d.rank_vector @@ {phrase} OR d.document @@ {phrase})"
            strict_params = [*phrase_params, *phrase_params]
        # The words as typed, in the title, the summary or the lead (the small vector):
        # those articles come first when other names were searched too.
        typed, typed_params = "false", list[str]()
        if request.typed is not None:
            words, typed_params = pg_tsquery(request.typed, config=config, strict=False)
            typed = f"d.rank_vector @@ {words}"
        # The window is sorted as narrow rows; the ranking vector is fetched afterwards,
        # for the window's rows only, by their tuple ids.
        cursor.execute(
            f"""WITH win AS MATERIALIZED (
                SELECT article_id, sort_key, ctid AS tid FROM {DOCUMENTS}
                WHERE document @@ {loose} AND {bounds}
                ORDER BY sort_key DESC LIMIT %s
            )
            SELECT w.sort_key, w.article_id,
                ts_rank('{{0.1, 0.2, 0.4, 1.0}}', d.rank_vector, {loose}, 1),
                {strict}, {typed}
            FROM win AS w JOIN {DOCUMENTS} AS d ON d.ctid = w.tid
            ORDER BY w.sort_key DESC""",  # noqa: S608
            [
                *loose_params,
                *bound_params,
                self.window + 1,
                *loose_params,
                *strict_params,
                *typed_params,
            ],
        )
        return cursor.fetchall()

    def _also(self, cursor: Any, request: SearchRequest, keys: KeyRange) -> tuple[dict, bool]:
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
        """Snippets for the page. ts_headline parses and stems all the text it is given,
        so it is given a passage of the body: from a little before the first place where
        one of the query's words (or the start of one, for inflections) appears."""
        if not page:
            return []
        ids = [articles[key] for key, _ in page]
        strict, strict_params = pg_tsquery(request.query, config=self.config)
        cues = _cues(request)
        first = " , ".join(["NULLIF(strpos(l.text, %s), 0)"] * len(cues)) or "NULL"
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT a.id, s.start > 1, b.headline,
                    CASE WHEN strpos(b.headline, %s) > 0 THEN '' ELSE
                        ts_headline(%s::regconfig, translate(a.summary, %s, '  '), {strict}, %s)
                    END
                FROM publishing_article a
                -- The body is read (and decompressed) once: OFFSET 0 keeps it a value.
                CROSS JOIN LATERAL (SELECT left(a.body_text, %s) AS text OFFSET 0) AS t
                CROSS JOIN LATERAL (SELECT lower(t.text) AS text OFFSET 0) AS l
                CROSS JOIN LATERAL (
                    SELECT greatest(1, coalesce(least({first}), 1) - %s) AS start
                ) AS s
                CROSS JOIN LATERAL (
                    SELECT ts_headline(%s::regconfig,
                        translate(substr(t.text, s.start, %s), %s, '  '), {strict}, %s)
                        AS headline
                ) AS b
                WHERE a.id = ANY(%s)""",  # noqa: S608
                [
                    MARK_OPEN,
                    self.config,
                    MARK_OPEN + MARK_CLOSE,
                    *strict_params,
                    HEADLINE_OPTIONS,
                    HEADLINE_CHARS,
                    *cues,
                    PASSAGE_LEAD,
                    self.config,
                    PASSAGE_CHARS,
                    MARK_OPEN + MARK_CLOSE,
                    *strict_params,
                    HEADLINE_OPTIONS,
                    ids,
                ],
            )
            snippets = {
                pk: best_snippet(("…" if cut else "") + body, summary)
                for pk, cut, body, summary in cursor.fetchall()
            }
        return [
            BackendHit(article_id=articles[key], score=score, snippet_html=snippets[articles[key]])
            for key, score in page
            if articles[key] in snippets
        ]


def _cues(request: SearchRequest) -> list[str]:
    """Lower-case word starts to find a passage by: each word's first five letters."""
    cues: list[str] = []
    for phrase in iter_phrases(request.query):
        for word in phrase.words:
            for form in {word, fold(word)}:
                cue = form[:5]
                if cue and cue not in cues:
                    cues.append(cue)
    return cues[:MAX_CUES]


def _longer_slice(high: int, cutoff: int, *, found: int, needed: int) -> int | None:
    """A cutoff for a slice long enough to hold `needed` matches (with a margin), if the
    first slice, back to `cutoff`, held `found`; None when the guess is too uncertain
    (few matches) or reaches back further than ten times the first slice."""
    factor = (needed + 1) * 3 / found if found >= 20 else None
    if factor is None or factor > 10:
        return None
    return high - int((high - cutoff) * factor)


def _bounds(keys: KeyRange, request: SearchRequest) -> tuple[str, list[Any]]:
    parts = ["sort_key <= %s", "(sort_key <= %s OR published_at <= %s)"]
    params: list[Any] = [keys.high, keys.exact_after, keys.now]
    if keys.low is not None:
        parts.append("sort_key >= %s")
        params.append(keys.low)
    for queryset in request.restrict:
        # An array, not a subquery: the planner can then intersect the filter's articles
        # (a bitmap of the primary key) with the GIN index's bitmap before any row is read.
        sql, restrict_params = subquery_sql(queryset)
        parts.append(f"article_id = ANY(ARRAY({sql}))")
        params.extend(restrict_params)
    return " AND ".join(parts), params

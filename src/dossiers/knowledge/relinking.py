"""Re-linking the archive in bulk: the "link" phase of the pipeline's bulk path.

`dossiers.pipeline` runs it, in the foreground (`dossiers relink`, imports) or
as a background job, then merges filings and recollects the hubs.

Speed comes from three things: rows are read with `values_list` and written
with one `executemany` per batch (no model instances); the matcher is built
once; and the linking itself, pure Python, runs in worker processes forked
after the matcher is built (one per core by default), while the parent
reads and writes the database. Each batch is its own transaction, so
progress is visible to other connections as it goes and readers always see
every article either fully old or fully re-linked.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import QuerySet

from dossiers.core.bulk import insert_rows, statistics_refresh
from dossiers.core.config import conf
from dossiers.knowledge.linking import (
    AMBIGUITY_COLUMNS,
    MENTION_COLUMNS,
    AmbiguityRow,
    MentionRow,
    ambiguity_rows,
    article_text_link,
    links_digest,
    matcher_current,
    mention_rows,
)
from dossiers.knowledge.matching import Matcher
from dossiers.knowledge.models import (
    AmbiguousMention,
    ArticleLinkState,
    Mention,
)
from dossiers.publishing.models import Article

Progress = Callable[[int, int], None]
BATCH = 1000
# Below this many articles, forking workers costs more than it saves.
PARALLEL_FROM = 4000

_fork_matcher: Matcher | None = None


class Source(NamedTuple):
    """One article to link, with the digest of its stored links ("" if never linked)."""

    pk: int
    title: str
    body_html: str
    stored_digest: str


class Linked(NamedTuple):
    """One article's links. `changes` is None when the digest is the one stored (the links
    did not change: nothing to send back from the worker, nothing to write)."""

    pk: int
    digest: str
    changes: tuple[list[MentionRow], list[AmbiguityRow]] | None


def _link_batch(batch: Sequence[Source]) -> list[Linked]:
    """Links of a batch of articles; runs in a worker process."""
    assert _fork_matcher is not None
    out: list[Linked] = []
    for pk, title, body_html, stored in batch:
        result = article_text_link(_fork_matcher, title=title, body_html=body_html)
        mentions, ambiguities = mention_rows(pk, result), ambiguity_rows(pk, result)
        digest = links_digest(mentions, ambiguities)
        if digest == stored:  # most articles after a knowledge-base change
            out.append(Linked(pk, digest, None))
        else:
            out.append(Linked(pk, digest, (mentions, ambiguities)))
    return out


def _batches(ids: list[int]) -> Iterator[list[Source]]:
    """Articles by primary-key batches: short queries, no cursor held across commits."""
    for offset in range(0, len(ids), BATCH):
        chunk = ids[offset : offset + BATCH]
        states = ArticleLinkState.objects.filter(article_id__in=chunk)
        stored = dict(states.values_list("article_id", "digest"))
        yield [
            Source(pk, title, body_html, stored.get(pk, ""))
            for pk, title, body_html in Article.objects.filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", "title", "body_html")
        ]


def relink_jobs_setting() -> int:
    return conf().relink_jobs or os.cpu_count() or 1


def articles_to_relink(*, everything: bool, version: str) -> QuerySet[Article]:
    """Every article, or those not linked with the knowledge base as it is now."""
    articles = Article.objects.all()
    if everything:
        return articles
    current = ArticleLinkState.objects.filter(version=version).values("article_id")
    return articles.exclude(pk__in=current)


def archive_relink(
    *,
    everything: bool = True,
    article_ids: Iterable[int] | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> int:
    """Re-link articles in bulk (mentions only). Returns how many were re-linked.

    `everything=False` re-links only the articles linked with an older
    knowledge base (or never); `article_ids` limits it to those articles.
    """
    global _fork_matcher
    version, matcher = matcher_current()
    queryset = articles_to_relink(everything=everything, version=version)
    if article_ids is not None:
        queryset = queryset.filter(pk__in=list(article_ids))
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    _bulk_session()
    # A first link of a large archive writes a row per (article, entity): build
    # the by-entity index once at the end rather than row by row.
    cold = total >= PARALLEL_FROM and not Mention.objects.exists()
    if cold:
        _entity_index(drop=True)
    if progress:
        progress(0, total)
    jobs = jobs or relink_jobs_setting()
    done = 0
    _fork_matcher = matcher
    parallel = jobs > 1 and total >= PARALLEL_FROM
    pool = multiprocessing.get_context("fork").Pool(jobs) if parallel else None
    try:
        for linked in _linked(_batches(ids), pool, window=2 * jobs):
            _write_batch(linked, version)
            done += len(linked)
            if progress:
                progress(done, total)
    finally:
        _fork_matcher = None
        if pool is not None:
            pool.close()
            pool.join()
        if cold:
            _entity_index(drop=False)
    if done >= ANALYZE_FROM:
        statistics_refresh(Mention)
    return done


# Articles re-linked from which PostgreSQL's planner statistics of the mentions are
# refreshed at once (see core.bulk.statistics_refresh).
ANALYZE_FROM = 1000


def _bulk_session() -> None:
    """On SQLite, give this connection a larger page cache for the bulk writes.

    A first link writes a mention row per (article, entity): a million rows
    for a large archive, into two indexes; with the default 32 MB cache the
    second index, keyed by entity, thrashes.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB, this connection only


_ENTITY_INDEX = "mention_entity_article"


def _entity_index(*, drop: bool) -> None:
    """Drop, or (re)create if missing, Mention's (entity, article) index (see models.py)."""
    quote = connection.ops.quote_name
    table = quote(Mention._meta.db_table)
    with connection.cursor() as cursor:
        if drop:
            cursor.execute(f"DROP INDEX IF EXISTS {quote(_ENTITY_INDEX)}")
        else:
            if connection.vendor == "postgresql" and connection.in_atomic_block:
                # PostgreSQL refuses CREATE INDEX on a table with pending deferred
                # foreign-key checks (the rows just written): run those checks now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(_ENTITY_INDEX)} "
                f"ON {table} ({quote('entity_id')}, {quote('article_id')})"
            )


def _linked(
    batches: Iterator[list[Source]], pool: object, *, window: int
) -> Iterator[list[Linked]]:
    """Linked batches in order; with a pool, a few batches are in the workers at any time."""
    if pool is None:
        for batch in batches:
            yield _link_batch(batch)
        return
    pending: deque = deque()
    for batch in batches:
        pending.append(pool.apply_async(_link_batch, (batch,)))  # type: ignore[attr-defined]
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def _write_batch(linked: list[Linked], version: str) -> None:
    """Store a batch's links. An article whose links hash as before is not touched.

    After a knowledge-base change most articles link as they did, so a
    re-link mostly reads one small row per article and writes nothing; the
    workers do not even send those articles' rows back. The stored digests
    are read again here, in the write's transaction: an article saved (and
    linked) meanwhile is left as its own save stored it.
    """
    ids = [item.pk for item in linked]
    with transaction.atomic():
        before = dict(
            ArticleLinkState.objects.filter(article_id__in=ids).values_list("article_id", "digest")
        )
        changed = [
            (item.pk, item.digest, item.changes)
            for item in linked
            if item.changes is not None and before.get(item.pk) != item.digest
        ]
        changed_ids = [pk for pk, _, _ in changed]
        if changed_ids:
            Mention.objects.filter(article_id__in=changed_ids).delete()
            AmbiguousMention.objects.filter(article_id__in=changed_ids).delete()
            ArticleLinkState.objects.filter(article_id__in=changed_ids).delete()
            insert_rows(
                Mention, MENTION_COLUMNS, [row for _, _, (rows, _) in changed for row in rows]
            )
            # Few rows, and a JSON column: the ORM adapts it for every database.
            AmbiguousMention.objects.bulk_create(
                AmbiguousMention(**dict(zip(AMBIGUITY_COLUMNS, row, strict=True)))
                for _, _, (_, ambiguities) in changed
                for row in ambiguities
            )
            insert_rows(
                ArticleLinkState,
                ("article_id", "version", "digest"),
                [(pk, version, digest) for pk, digest, _ in changed],
            )
        ArticleLinkState.objects.filter(article_id__in=ids).exclude(version=version).update(
            version=version
        )

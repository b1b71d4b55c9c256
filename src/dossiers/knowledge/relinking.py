"""Re-linking the archive in bulk, in the foreground (`dossiers relink`) or as a background job.

Speed comes from three things: rows are read with `values_list` and written
with one `executemany` per batch (no model instances); the matcher is built
once; and the linking itself, pure Python, runs in worker processes forked
after the matcher is built (one per core by default), while the parent
reads and writes the database. Each batch is its own transaction, so
progress is visible to other connections as it goes and readers always see
every article either fully old or fully re-linked; hubs are recollected once
at the end.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from dossiers.core.freshness import content_changed
from dossiers.knowledge.linking import (
    AMBIGUITY_COLUMNS,
    MENTION_COLUMNS,
    ambiguity_rows,
    article_text_link,
    matcher_current,
    mention_rows,
)
from dossiers.knowledge.matching import Matcher
from dossiers.knowledge.models import (
    AmbiguousMention,
    ArticleLinkState,
    Mention,
    RelinkJob,
    RelinkStatus,
)
from dossiers.knowledge.signals import archive_linked
from dossiers.publishing.models import Article

Progress = Callable[[int, int], None]
BATCH = 1000
# Below this many articles, forking workers costs more than it saves.
PARALLEL_FROM = 4000

_fork_matcher: Matcher | None = None


Linked = tuple[list[int], list[tuple], list[tuple]]


def _link_batch(batch: Sequence[tuple[int, str, str]]) -> Linked:
    """(ids, mention rows, ambiguity rows) for (id, title, body_html) triples; runs in a worker."""
    assert _fork_matcher is not None
    mentions: list[tuple] = []
    ambiguities: list[tuple] = []
    for pk, title, body_html in batch:
        result = article_text_link(_fork_matcher, title=title, body_html=body_html)
        mentions.extend(mention_rows(pk, result))
        ambiguities.extend(ambiguity_rows(pk, result))
    return [row[0] for row in batch], mentions, ambiguities


def _batches(ids: list[int]) -> Iterator[list[tuple[int, str, str]]]:
    """Articles by primary-key batches: one short query each, no cursor held across commits."""
    for offset in range(0, len(ids), BATCH):
        chunk = ids[offset : offset + BATCH]
        yield list(
            Article.objects.filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", "title", "body_html")
        )


def relink_jobs_setting() -> int:
    return settings.DOSSIERS.get("RELINK_JOBS") or os.cpu_count() or 1


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
    """Re-link articles in bulk and recollect every hub. Returns how many were re-linked.

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
    if progress:
        progress(0, total)
    jobs = jobs or relink_jobs_setting()
    done = 0
    _fork_matcher = matcher
    parallel = jobs > 1 and total >= PARALLEL_FROM
    pool = multiprocessing.get_context("fork").Pool(jobs) if parallel else None
    try:
        for ids_done, mentions, ambiguities in _linked(_batches(ids), pool, window=2 * jobs):
            _write_batch(ids_done, mentions, ambiguities, version)
            done += len(ids_done)
            if progress:
                progress(done, total)
    finally:
        _fork_matcher = None
        if pool is not None:
            pool.close()
            pool.join()
    with transaction.atomic():
        archive_linked.send(sender=Article)
        content_changed()
    return done


def _linked(
    batches: Iterator[list[tuple[int, str, str]]], pool: object, *, window: int
) -> Iterator[Linked]:
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


def _write_batch(
    ids: list[int], mentions: list[tuple], ambiguities: list[tuple], version: str
) -> None:
    """Store a batch's links, writing only what changed (a re-link mostly changes little)."""
    with transaction.atomic():
        existing = {(row[1], row[2]): tuple(row) for row in _mention_rows_stored(ids)}
        fresh = {(row[0], row[1]): row for row in mentions}
        stale = [
            row[0] for key, row in existing.items() if fresh.get(key) != tuple(row[1:])
        ]
        added = [
            row for key, row in fresh.items() if key not in existing or existing[key][1:] != row
        ]
        if stale:
            Mention.objects.filter(pk__in=stale).delete()
        _insert(Mention, MENTION_COLUMNS, added)
        AmbiguousMention.objects.filter(article_id__in=ids).delete()
        # Few rows, and a JSON column: the ORM adapts it for every database.
        AmbiguousMention.objects.bulk_create(
            AmbiguousMention(**dict(zip(AMBIGUITY_COLUMNS, row, strict=True)))
            for row in ambiguities
        )
        states = ArticleLinkState.objects.filter(article_id__in=ids)
        known = set(states.values_list("article_id", flat=True))
        states.exclude(version=version).update(version=version)
        _insert(
            ArticleLinkState,
            ("article_id", "version"),
            [(pk, version) for pk in ids if pk not in known],
        )


def _mention_rows_stored(ids: list[int]) -> list[tuple]:
    """(id, *MENTION_COLUMNS) of the stored mentions of these articles, read without the ORM.

    Booleans may come back as 0/1: they compare equal to True/False, as the diff needs.
    """
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ("id", *MENTION_COLUMNS))
    table = quote(Mention._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {table} WHERE {quote('article_id')} IN ({marks})",  # noqa: S608
            ids,
        )
        return cursor.fetchall()


def _insert(model: type, columns: Sequence[str], rows: list[tuple]) -> None:
    """One `executemany` for many rows: no model instances, no per-row signals."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


# --- Background jobs -----------------------------------------------------------


def relink_request(*, reason: str) -> RelinkJob:
    """Queue a re-link of the archive; it starts once the current transaction commits."""
    from dossiers.knowledge.tasks import relink_archive_task

    job = RelinkJob.objects.create(reason=reason[:300])
    transaction.on_commit(lambda: relink_archive_task.enqueue(job.pk))
    return job


def relink_job_run(*, job_id: int) -> int:
    """Run a queued job, reporting progress on its row. A job queued later makes it redundant."""
    job = RelinkJob.objects.filter(pk=job_id).first()
    if job is None or job.status != RelinkStatus.QUEUED:
        return 0
    later = RelinkJob.objects.filter(status=RelinkStatus.QUEUED, pk__gt=job.pk).first()
    if later is not None:
        _job_update(job, status=RelinkStatus.DONE, message=f"superseded by job #{later.pk}",
                    finished_at=timezone.now())  # fmt: skip
        return 0
    _job_update(job, status=RelinkStatus.RUNNING, started_at=timezone.now())

    def progress(done: int, total: int) -> None:
        _job_update(job, done=done, total=total)

    try:
        count = archive_relink(everything=True, progress=progress)
    except Exception as error:
        _job_update(job, status=RelinkStatus.FAILED, message=f"{type(error).__name__}: {error}",
                    finished_at=timezone.now())  # fmt: skip
        raise
    _job_update(job, status=RelinkStatus.DONE, done=count, total=count,
                message=f"re-linked {count} articles", finished_at=timezone.now())  # fmt: skip
    return count


def _job_update(job: RelinkJob, **fields: object) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    RelinkJob.objects.filter(pk=job.pk).update(**fields)

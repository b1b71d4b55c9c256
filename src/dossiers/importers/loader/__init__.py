"""The one loader: importer records in, content written through the services, in one
transaction, in phases.

`load` reads the records a source yields (`importers.items`) and writes them
in this order, batch after batch of posts:

1. terms: categories become hubs, tags entities (`terms`); authors are
   credited as the source names them (`authors`);
2. posts, in batches of 500: new ones created in bulk, changed ones rewritten,
   unchanged ones skipped (`posts`);
3. comments of the batch's posts, threaded (`comments`, `threads`); then the
   batch's bookkeeping is written (`state.Ledger`);
4. derive: once every post is written, mentions, hubs and the search index
   follow through the pipeline (`dossiers.pipeline.services.written_derive`:
   one by one for a few changed articles, the archive in phases for more),
   and the comment counts are refreshed;
5. the report says what was created, updated, skipped or failed, and why.

Everything an import writes commits together or not at all; `dry_run` runs
the whole import and rolls it back, so the report says exactly what would
change. A post or comment the services refuse is reported as failed and the
others still import.

Re-running an import finds every object again by (source, kind, GUID)
(`ImportedObject`) and updates it; an object whose source did not change is
skipped as unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction

from dossiers.comments.services import comment_counts_refresh
from dossiers.core.freshness import changes_deferred, content_changed
from dossiers.importers import items
from dossiers.importers.errors import ImportRefused
from dossiers.importers.loader.authors import person_take
from dossiers.importers.loader.comments import comments_load
from dossiers.importers.loader.posts import posts_load
from dossiers.importers.loader.state import LoadOptions, Progress, State, digest
from dossiers.importers.loader.terms import terms_load
from dossiers.importers.report import ImportReport
from dossiers.pipeline.services import written_derive
from dossiers.publishing.models import Article

BATCH = 500  # posts written, with their comments and bookkeeping, at a time


def load(
    records: Iterable[items.Record],
    *,
    options: LoadOptions | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Write the records; returns the report. Raises ImportRefused (nothing written)."""
    options = options or LoadOptions()
    report = ImportReport(dry_run=options.dry_run)
    started = time.perf_counter()
    with transaction.atomic():
        with changes_deferred():  # the cache token moves once, when the writes are done
            state = State(options, report, progress or _silent)
            for batch in _batches(state, records):  # terms, then posts in batches
                terms_load(state, batch.terms)  # 1. terms
                written = posts_load(state, batch.posts)  # 2. posts
                comments_load(state, written)  # 3. comments
                state.ledger.flush()
            _derive(state)  # 4. derive
        if options.dry_run:
            transaction.set_rollback(True)
    report.seconds = time.perf_counter() - started  # 5. the report
    return report


@dataclass
class _Batch:
    terms: list[items.Term] = field(default_factory=list)
    posts: list[items.Post] = field(default_factory=list)


def _batches(state: State, records: Iterable[items.Record]) -> Iterator[_Batch]:
    """The records as batches: the terms read before the first post (or between two posts),
    then the posts, up to BATCH at a time. The source, its people and what it skipped or
    could not read are taken on the way, as they come."""
    batch = _Batch()
    for record in records:
        if isinstance(record, items.Term):
            if batch.posts:
                yield batch
                batch = _Batch()
            batch.terms.append(record)
        elif isinstance(record, items.Post):
            if batch.terms and not batch.posts:  # the terms first, before any post is read on
                yield batch
                batch = _Batch()
            batch.posts.append(record)
            if len(batch.posts) >= BATCH:
                yield batch
                batch = _Batch()
        else:
            _take(state, record)
    if batch.terms or batch.posts:
        yield batch


def _take(state: State, record: items.Record) -> None:
    if isinstance(record, items.Source):
        _source_open(state, record)
    elif isinstance(record, items.Person):
        person_take(state, record)
    elif isinstance(record, items.Skipped):
        state.report.add("skipped", record.kind, record.label, record.reason)
    elif isinstance(record, items.Failed):
        state.report.add("failed", record.kind, record.label, record.reason)


def _source_open(state: State, source: items.Source) -> None:
    state.source = source
    state.report.source_title = source.title or source.link or source.key
    state.report.source_format = source.format
    state.report.warnings.extend(source.warnings)
    state.ledger.open(source.key)
    state.slugs = set(Article.objects.values_list("slug", flat=True))


def _derive(state: State) -> None:
    """Mentions, hubs and the search index of what changed, through the pipeline."""
    written_derive(
        written=state.changed,
        total=state.changed_count,
        bulk_from=state.options.relink_threshold,
        reason="an import",
    )
    if state.commented:
        comment_counts_refresh(article_ids=state.commented)
    if state.changed_count or state.commented:
        content_changed()


def _silent(done: int, total: int | None) -> None:
    pass


__all__ = ["ImportRefused", "LoadOptions", "digest", "load"]

"""Keeping the index in step with the articles.

Published articles are indexed (scheduled ones too: the backends keep them
out of results until they are due); drafts and deleted articles are not.
Three ways in:

- `index_sync(article_ids=…)`: after a write commits (the pipeline, step 5), make
  the index agree with these articles as they are now. Idempotent: syncing
  an article twice, or one whose write was rolled back, is harmless.
- `index_catch_up()`: find every entry that disagrees with its article (an
  article never indexed, changed since, unpublished or gone) and sync those.
  Runs after bulk writes that send no per-article signal (an import's
  `archive_relink`) and after `migrate`; costs one pass over two narrow
  columns when nothing is stale.
- `index_rebuild()`: empty the index and load every published article, in
  batches, with progress (`dossiers search rebuild`).

Each moves the content token afterwards, so cached search pages are redone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.db import transaction

from dossiers.core.freshness import content_changed
from dossiers.publishing.models import Article, ArticleStatus
from dossiers.search.backends import get_backend
from dossiers.search.backends.base import IndexDocument, assign_keys
from dossiers.search.models import SearchDocument

Progress = Callable[[int, int], None]
BATCH = 1000
# A rebuild writes this many articles per transaction: FTS5 then writes one segment each.
REBUILD_BATCH = 5000
COLUMNS = ("id", "title", "summary", "body_text", "published_at", "updated_at")


def indexable_articles():  # type: ignore[no-untyped-def]
    """Articles the index holds: published, with a date (past or scheduled)."""
    return Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__isnull=False)


def documents_for(article_ids: Iterable[int]) -> list[IndexDocument]:
    rows = indexable_articles().filter(pk__in=list(article_ids)).values_list(*COLUMNS)
    return [
        IndexDocument(
            article_id=pk,
            title=title,
            summary=summary,
            body=body,
            published_at=published_at,
            updated_at=updated_at,
        )
        for pk, title, summary, body, published_at, updated_at in rows
    ]


def index_sync(*, article_ids: Iterable[int]) -> int:
    """Index these articles as they are now, or take them out. Returns how many are indexed."""
    ids = set(article_ids)
    if not ids:
        return 0
    backend = get_backend()
    indexed = 0
    with transaction.atomic():
        for batch in _chunks(sorted(ids), BATCH):
            documents = documents_for(batch)
            backend.remove(set(batch) - {document.article_id for document in documents})
            backend.index(documents)
            indexed += len(documents)
        content_changed()
    return indexed


def stale_article_ids() -> set[int]:
    """Articles whose index entry is missing, out of date, or should not be there."""
    current = {
        pk: (updated_at, published_at)
        for pk, updated_at, published_at in indexable_articles()
        .values_list("id", "updated_at", "published_at")
        .iterator(chunk_size=5000)
    }
    stale: set[int] = set()
    for pk, updated_at, published_at in SearchDocument.objects.values_list(
        "article_id", "source_updated_at", "published_at"
    ).iterator(chunk_size=5000):
        if current.pop(pk, None) != (updated_at, published_at):
            stale.add(pk)
    stale.update(current)  # never indexed
    return stale


def index_catch_up() -> int:
    """Sync every stale entry. Returns how many articles were synced."""
    stale = stale_article_ids()
    if stale:
        index_sync(article_ids=stale)
    return len(stale)


def index_rebuild(*, progress: Progress | None = None) -> int:
    """Empty the index and load every published article. Returns how many are indexed.

    The load goes in batches, one transaction each, with the backend's bulk
    hooks around it (PostgreSQL builds its GIN index once at the end, FTS5
    merges its segments). Searches during a rebuild see a partial index.
    """
    backend = get_backend()
    ids = list(indexable_articles().order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    if progress:
        progress(0, total)
    with transaction.atomic():
        backend.clear()
    backend.bulk_begin()
    taken: set[int] = set()
    done = 0
    try:
        for batch in _chunks(ids, REBUILD_BATCH):
            documents = documents_for(batch)
            with transaction.atomic():
                backend.load(documents, assign_keys(documents, kept={}, taken=taken))
            done += len(batch)
            if progress:
                progress(done, total)
    finally:
        backend.bulk_end()
    with transaction.atomic():
        content_changed()
    return total


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

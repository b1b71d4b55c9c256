"""Writes both backends share: keys and the SearchDocument rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dossiers.core.bulk import insert_rows
from dossiers.search.backends.base import KEY_SLOTS, IndexDocument, assign_keys, sort_key
from dossiers.search.models import SearchDocument


def keys_for(documents: Sequence[IndexDocument]) -> dict[int, int]:
    """Keys for documents about to replace their articles' entries (2 queries)."""
    ids = [document.article_id for document in documents]
    kept = {
        article_id: (key, published_at)
        for article_id, key, published_at in SearchDocument.objects.filter(
            article_id__in=ids
        ).values_list("article_id", "sort_key", "published_at")
    }
    wanted = [sort_key(document.published_at, document.article_id) for document in documents]
    others = SearchDocument.objects.exclude(article_id__in=ids)
    taken = set(others.filter(sort_key__in=wanted).values_list("sort_key", flat=True))
    if taken:  # rare: probing may walk past the wanted key, so hold the whole seconds
        seconds = {key // KEY_SLOTS for key in taken}
        for second in seconds:
            taken.update(
                others.filter(
                    sort_key__gte=second * KEY_SLOTS, sort_key__lt=(second + 1) * KEY_SLOTS
                ).values_list("sort_key", flat=True)
            )
    return assign_keys(documents, kept=kept, taken=taken)


def rows_write(documents: Sequence[IndexDocument], keys: dict[int, int]) -> None:
    insert_rows(
        SearchDocument,
        ("article_id", "sort_key", "published_at", "source_updated_at"),
        (
            (
                document.article_id,
                keys[document.article_id],
                document.published_at,
                document.updated_at,
            )
            for document in documents
        ),
    )


def rows_delete(article_ids: Iterable[int]) -> None:
    ids = list(article_ids)
    for start in range(0, len(ids), 500):
        SearchDocument.objects.filter(article_id__in=ids[start : start + 500]).delete()

"""Writes of the related-analyses index: per article (incremental) and for the whole archive."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from dossiers.core.freshness import content_changed
from dossiers.publishing.models import Article
from dossiers.related.index import Text, article_index_refresh, article_index_remove
from dossiers.related.models import Corpus, RelatedState

log = logging.getLogger(__name__)


def related_text_before(*, article_id: int | None) -> Text | None:
    """The (title, body text) an indexed article was counted with, read before it is edited,
    so that its refresh can take those words back (None: not indexed, or a new article)."""
    if article_id is None:
        return None
    indexed = RelatedState.objects.filter(article_id=article_id).values("article_id")
    return (
        Article.objects.filter(pk=article_id, pk__in=indexed)
        .values_list("title", "body_text")
        .first()
    )


@transaction.atomic
def related_article_refresh(*, article_id: int, before: Text | None = None) -> None:
    """Index a saved article (or take it out if it is not published) and update every list
    it belongs in. `before`: its (title, body text) before the edit, when known."""
    article_index_refresh(article_id=article_id, before=before)
    content_changed()


@transaction.atomic
def related_article_remove(*, article_id: int, text: Text | None = None) -> None:
    """Take an article out of the index and out of every list (before it is deleted)."""
    article_index_remove(article_id=article_id, text=text)
    content_changed()


def related_rebuild_request(*, reason: str) -> None:
    """Queue a rebuild of the whole index once the current transaction commits.

    Rebuilds queued while one is waiting are folded into it: a job finds
    that a rebuild started after it was asked for and returns at once.
    """
    from dossiers.related.tasks import related_rebuild_task

    asked = timezone.now().isoformat()
    log.info("related rebuild queued: %s", reason)
    transaction.on_commit(lambda: related_rebuild_task.enqueue(asked), robust=True)


def related_rebuild_due(asked: dt.datetime) -> bool:
    """Whether no rebuild has started since `asked`."""
    last = Corpus.objects.filter(pk=1).values_list("rebuilt_at", flat=True).first()
    return last is None or last < asked

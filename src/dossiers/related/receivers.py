"""Related analyses follow publishing and knowledge: on commit for saves, at once for deletes.

A save queues the article's refresh for after the commit: by then its
mentions and hub memberships (derived by the knowledge and hubs contexts in
the save's transaction) are final, and a failure here never loses an
editor's save. Bulk paths (imports, archive re-links) send `archive_linked`
instead of per-article signals: the whole index is then rebuilt in the
background.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from dossiers.knowledge.signals import archive_linked
from dossiers.publishing.models import Article
from dossiers.publishing.signals import article_written
from dossiers.related.models import RelatedState
from dossiers.related.services import (
    related_article_refresh,
    related_article_remove,
    related_rebuild_request,
)

_BEFORE = "_related_text_before"


@receiver(pre_save, sender=Article, dispatch_uid="related.remember_text")
def remember_indexed_text(sender: type, instance: Article, **kwargs: Any) -> None:
    """Keep the text an indexed article was counted with, to take it back after an edit."""
    if instance.pk is None or hasattr(instance, _BEFORE):
        return
    indexed = RelatedState.objects.filter(article_id=instance.pk).values("article_id")
    row = (
        Article.objects.filter(pk=instance.pk, pk__in=indexed)
        .values_list("title", "body_text")
        .first()
    )
    setattr(instance, _BEFORE, row)


@receiver(article_written, dispatch_uid="related.refresh_written_article")
def refresh_after_commit(sender: type, article: Article, **kwargs: Any) -> None:
    before = getattr(article, _BEFORE, None)
    if hasattr(article, _BEFORE):
        delattr(article, _BEFORE)
    transaction.on_commit(
        partial(related_article_refresh, article_id=article.pk, before=before), robust=True
    )


@receiver(pre_delete, sender=Article, dispatch_uid="related.remove_deleted_article")
def remove_before_delete(sender: type, instance: Article, **kwargs: Any) -> None:
    related_article_remove(article_id=instance.pk, text=(instance.title, instance.body_text))


@receiver(archive_linked, dispatch_uid="related.rebuild_after_archive_link")
def rebuild_after_archive_link(sender: type, **kwargs: Any) -> None:
    related_rebuild_request(reason="the archive was re-linked")

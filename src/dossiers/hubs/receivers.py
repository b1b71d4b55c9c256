"""Hubs listen to knowledge: new mentions mean new hub memberships, in the same transaction."""

from typing import Any

from django.dispatch import receiver

from dossiers.hubs.services import article_memberships_recompute, memberships_recompute_all
from dossiers.knowledge.signals import archive_linked, article_linked
from dossiers.publishing.models import Article


@receiver(article_linked, dispatch_uid="hubs.article_linked")
def on_article_linked(sender: type, article: Article, mentions: Any, **kwargs: Any) -> None:
    article_memberships_recompute(article=article, mentions=mentions)


@receiver(archive_linked, dispatch_uid="hubs.archive_linked")
def on_archive_linked(sender: type, **kwargs: Any) -> None:
    memberships_recompute_all()

"""Filings (a post's categories and tags in its source) stay on the article through re-links.

The knowledge context rewrites an article's mentions from its text whenever
the article is saved or the archive re-linked. A source may have filed the
article under a term its text never names, so after each re-link the
filings are written back as mentions (count 0, the highest salience: the
author said so) and the article's hubs recomputed. These receivers are
connected after the knowledge and hubs ones (INSTALLED_APPS order), so they
run after them, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef
from django.dispatch import receiver

from dossiers.hubs.services import article_memberships_recompute, memberships_recompute_all
from dossiers.importers.models import Filing
from dossiers.knowledge.matching import MentionStats
from dossiers.knowledge.models import Mention
from dossiers.knowledge.signals import archive_linked
from dossiers.publishing.models import Article
from dossiers.publishing.signals import article_written

FILED_SALIENCE = 1.0


def filings_apply(*, article_ids: Iterable[int] | None = None) -> int:
    """Write filings as mentions for these articles (all when None). Returns rows added."""
    filings = Filing.objects.all()
    mentions = Mention.objects.all()
    if article_ids is not None:
        ids = list(article_ids)
        filings = filings.filter(article_id__in=ids)
        mentions = mentions.filter(article_id__in=ids)
    filed = Filing.objects.filter(
        article_id=OuterRef("article_id"), entity_id=OuterRef("entity_id")
    )
    mentions.filter(Exists(filed)).exclude(salience=FILED_SALIENCE).update(
        salience=FILED_SALIENCE, is_about=True
    )
    present = Mention.objects.filter(
        article_id=OuterRef("article_id"), entity_id=OuterRef("entity_id")
    )
    missing = filings.exclude(Exists(present)).values_list("article_id", "entity_id").distinct()
    rows = [
        Mention(
            article_id=article_id,
            entity_id=entity_id,
            count=0,
            first_position=0,
            in_title=False,
            in_lead=False,
            salience=FILED_SALIENCE,
            is_about=True,
        )
        for article_id, entity_id in missing
    ]
    Mention.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def article_mentions(article: Article) -> dict[int, MentionStats]:
    return {
        entity_id: MentionStats(count, first, in_title, in_lead, salience)
        for entity_id, count, first, in_title, in_lead, salience in Mention.objects.filter(
            article=article
        ).values_list("entity_id", "count", "first_position", "in_title", "in_lead", "salience")
    }


@receiver(article_written, dispatch_uid="importers.filings_after_article_link")
def keep_filings_of_article(sender: type, article: Article, **kwargs: Any) -> None:
    if not Filing.objects.filter(article=article).exists():
        return
    filings_apply(article_ids=[article.pk])
    article_memberships_recompute(article=article, mentions=article_mentions(article))


@receiver(archive_linked, dispatch_uid="importers.filings_after_archive_link")
def keep_filings_of_archive(sender: type, **kwargs: Any) -> None:
    if Filing.objects.exists():
        filings_apply()
        memberships_recompute_all()

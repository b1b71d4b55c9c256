"""Filings (a post's categories and tags in its source) stay on the article through re-links.

The knowledge context rewrites an article's mentions from its text whenever
the article is saved or the archive re-linked. A source may have filed the
article under a term its text never names, so after each re-link the
filings are written back as mentions (count 0, the highest salience: the
author said so). For one article, the receiver is connected after the
knowledge and hubs ones (INSTALLED_APPS order), so it runs after them, in the
same transaction, and recomputes that article's hubs; for the archive, the
filings are written on `archive_mentions_written`, before the hubs recollect
on `archive_linked`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef
from django.dispatch import receiver

from dossiers.core.bulk import insert_rows
from dossiers.hubs.services import article_memberships_recompute
from dossiers.importers.models import Filing
from dossiers.knowledge.matching import MentionStats
from dossiers.knowledge.models import Mention
from dossiers.knowledge.signals import archive_mentions_written
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
        (article_id, entity_id, 0, 0, False, False, FILED_SALIENCE, True, "", "")
        for article_id, entity_id in missing
    ]
    insert_rows(
        Mention,
        ("article_id", "entity_id", "count", "first_position", "in_title", "in_lead",
         "salience", "is_about", "surface", "disambiguation"),
        rows,
    )  # fmt: skip
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


@receiver(archive_mentions_written, dispatch_uid="importers.filings_after_archive_link")
def keep_filings_of_archive(sender: type, **kwargs: Any) -> None:
    # Before `archive_linked`: the hubs then recollect once, filings included.
    if Filing.objects.exists():
        filings_apply()

"""Filings: how a source filed an article (a WordPress category or tag, a feed category, a
front-matter tag), merged into the article's mentions after every link.

Text matching may never find the word a source filed an article under, and
the author said so: a filing is written as a mention with the highest
salience (count 0 when the text never names it), so a post stays on its
category's hub. The derivation pipeline merges filings right after linking,
before hub memberships are computed, for one article and for the archive.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from dossiers.core.bulk import insert_rows
from dossiers.knowledge.linking import MENTION_COLUMNS
from dossiers.knowledge.mentions import MentionStats
from dossiers.knowledge.models import Filing, Mention

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
    insert_rows(Mention, MENTION_COLUMNS, rows)
    return len(rows)


def filings_merge(*, article_id: int, mentions: dict[int, MentionStats]) -> dict[int, MentionStats]:
    """Merge one article's filings into its freshly linked mentions (stored and returned).

    One query when the article has no filings (most articles of a site that was
    not imported); otherwise the filed entities' mentions are written and the
    merged statistics returned, so that hub memberships are computed once.
    """
    filed = list(Filing.objects.filter(article_id=article_id).values_list("entity_id", flat=True))
    if not filed:
        return mentions
    filings_apply(article_ids=[article_id])
    merged = dict(mentions)
    for entity_id in filed:
        stats = merged.get(entity_id)
        if stats is None:
            merged[entity_id] = MentionStats(0, 0, False, False, FILED_SALIENCE, about=True)
        else:
            merged[entity_id] = dataclasses.replace(stats, salience=FILED_SALIENCE, about=True)
    return merged

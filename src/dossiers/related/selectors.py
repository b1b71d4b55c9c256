"""Reads for related analyses and related hubs (plain dataclasses, fixed query counts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Subquery
from django.utils import timezone

from dossiers.hubs.models import Hub, HubKeyEntity, HubMembership, HubStatus
from dossiers.publishing.models import ArticleStatus
from dossiers.publishing.selectors import Card, cards_from_rows
from dossiers.related.models import RelatedArticle

SHOWN = 5


def related_rows(*, article_id: int, limit: int = SHOWN, now: dt.datetime | None = None):  # type: ignore[no-untyped-def]
    """An article's related list as readers see it: only articles that are published and
    due (a scheduled one waits for its date), best first."""
    return RelatedArticle.objects.filter(
        article_id=article_id,
        related__status=ArticleStatus.PUBLISHED,
        related__published_at__lte=now or timezone.now(),
    ).order_by("-score", "-related_id")[:limit]


def related_article_ids(
    *, article_id: int, limit: int = SHOWN, now: dt.datetime | None = None
) -> list[int]:
    rows = related_rows(article_id=article_id, limit=limit, now=now)
    return list(rows.values_list("related_id", flat=True))


def related_article_cards(
    *, article_id: int, limit: int = SHOWN, now: dt.datetime | None = None
) -> list[Card]:
    """Cards of the related analyses (2 queries: the list, the bylines)."""
    rows = related_rows(article_id=article_id, limit=limit, now=now).values_list(
        "related_id",
        "related__title",
        "related__slug",
        "related__summary",
        "related__published_at",
        "related__comment_count",
    )
    return cards_from_rows(list(rows))


@dataclass(frozen=True)
class RelatedHub:
    name: str
    slug: str
    headline: str
    shared_articles: int
    shared_entities: tuple[str, ...]

    @property
    def title(self) -> str:
        return f"{self.name}: {self.headline}" if self.headline else self.name


# A shared key entity counts like this much Jaccard overlap of the hubs' articles.
KEY_ENTITY_WEIGHT = 0.2


def hub_related_hubs(
    *,
    hub: Hub,
    key_ids: list[int],
    article_count: int,
    limit: int = SHOWN,
    now: dt.datetime | None = None,
) -> list[RelatedHub]:
    """Published hubs that share analyses or key entities with this one (4 queries).

    Score: the Jaccard overlap of the two hubs' visible analyses (shared /
    union), plus KEY_ENTITY_WEIGHT per shared key entity. Computed when the
    page is rendered (pages are cached whole), so always in step with the hubs.
    """
    now = now or timezone.now()
    visible = Q(article_status=ArticleStatus.PUBLISHED, published_at__lte=now)
    mine = HubMembership.objects.filter(visible, hub=hub).values("article_id")
    shared = dict(
        HubMembership.objects.filter(visible, article_id__in=Subquery(mine))
        .filter(hub__status=HubStatus.PUBLISHED)
        .exclude(hub=hub)
        .values_list("hub_id")
        .annotate(n=Count("id"))
    )
    entities: dict[int, list[str]] = {}
    for hub_id, name in (
        HubKeyEntity.objects.filter(entity_id__in=key_ids, hub__status=HubStatus.PUBLISHED)
        .exclude(hub=hub)
        .order_by("hub_id", "position")
        .values_list("hub_id", "entity__name")
    ):
        entities.setdefault(hub_id, []).append(name)
    candidates = set(shared) | set(entities)
    if not candidates:
        return []
    sizes = dict(
        HubMembership.objects.filter(visible, hub_id__in=candidates)
        .values_list("hub_id")
        .annotate(n=Count("id"))
    )

    def score(pk: int) -> float:
        both = shared.get(pk, 0)
        union = article_count + sizes.get(pk, 0) - both
        return (both / union if union else 0.0) + KEY_ENTITY_WEIGHT * len(entities.get(pk, ()))

    ranked = sorted(candidates, key=lambda pk: (-score(pk), pk))[:limit]
    hubs = {
        pk: (name, slug, headline)
        for pk, name, slug, headline in Hub.objects.filter(pk__in=ranked).values_list(
            "pk", "name", "slug", "headline"
        )
    }
    return [
        RelatedHub(*hubs[pk], shared.get(pk, 0), tuple(entities.get(pk, ())))
        for pk in ranked
        if pk in hubs
    ]

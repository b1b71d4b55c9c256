"""Reads for the knowledge base."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from dossiers.knowledge.models import Alias, Entity, Mention
from dossiers.knowledge.text import EntityLink, link_first_mentions
from dossiers.publishing.models import Article
from dossiers.publishing.selectors import Card, article_cards

ALIASES_PREFETCH = Prefetch("aliases", queryset=Alias.objects.only("entity_id", "text", "position"))


def entity_get(*, slug: str) -> Entity | None:
    return Entity.objects.filter(slug=slug).prefetch_related(ALIASES_PREFETCH).first()


def entity_row_get(*, slug: str) -> Entity | None:
    """The entity's row alone, without its aliases (1 query): for a filter."""
    return Entity.objects.filter(slug=slug).only("id", "slug").first()


def glossary() -> dict[str, list[Entity]]:
    """Every entity with its aliases, grouped by initial letter, A to Z."""
    groups: dict[str, list[Entity]] = defaultdict(list)
    entities = (
        Entity.objects.only("name", "slug", "definition", "type")
        .prefetch_related(ALIASES_PREFETCH)
        .order_by("name")
    )
    for entity in entities:
        groups[_initial(entity.name)].append(entity)
    return dict(sorted(groups.items(), key=lambda item: (item[0] == "#", item[0])))


def _initial(name: str) -> str:
    from dossiers.knowledge.matching import fold

    first = fold(name.strip()[:1]).upper()
    return first if first.isalpha() and first.isascii() else "#"


def _mentioning(entity: Entity, now: dt.datetime | None) -> QuerySet[Article]:
    mentioned = Mention.objects.filter(entity=entity).values("article_id")
    return Article.objects.visible(now).filter(pk__in=mentioned)


def entity_article_count(*, entity: Entity, now: dt.datetime | None = None) -> int:
    return _mentioning(entity, now).count()


def entity_article_page(
    *, entity: Entity, offset: int, limit: int, now: dt.datetime | None = None
) -> list[Card]:
    """Articles that mention the entity, newest first (2 queries)."""
    queryset = _mentioning(entity, now).order_by("-published_at", "-id")
    return article_cards(queryset, offset=offset, limit=limit)


def article_entities(*, article: Article, limit: int = 8) -> list[Mention]:
    """The entities an article is about (salient, not passing mentions), most salient first."""
    return [mention for mention in article_mentions(article=article) if mention.is_about][:limit]


def article_mentions(*, article: Article) -> list[Mention]:
    """Every entity the article names, most salient first (1 query)."""
    return list(
        Mention.objects.filter(article=article)
        .select_related("entity")
        .only(
            "count", "salience", "in_title", "is_about", "surface",
            "entity__name", "entity__slug", "entity__type",
        )
        .order_by("-salience", "-count", "entity__name")
    )  # fmt: skip


def article_body_linked(*, article: Article, mentions: list[Mention], limit: int) -> str:
    """The article's HTML with its most salient entities linked at their first mention.

    Computed at render time from the stored mentions (no query): the stored
    Markdown and HTML stay as the editor wrote them.
    """
    links = [
        EntityLink(m.surface, reverse("entity", args=[m.entity.slug]), m.entity.name)
        for m in mentions
        if m.is_about and m.surface
    ][: max(limit, 0)]
    return link_first_mentions(article.body_html, links) if links else article.body_html

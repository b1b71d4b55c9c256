"""Reads for the knowledge base."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from dossiers.knowledge.glossary import filed_as, initial, sort_key
from dossiers.knowledge.models import Alias, Entity, EntityType, Mention
from dossiers.knowledge.text import EntityLink, link_first_mentions
from dossiers.publishing.models import Article, ArticleStatus
from dossiers.publishing.selectors import Card, article_cards, cards_from_rows

ALIASES_PREFETCH = Prefetch("aliases", queryset=Alias.objects.only("entity_id", "text", "position"))


def entity_get(*, slug: str) -> Entity | None:
    return Entity.objects.filter(slug=slug).prefetch_related(ALIASES_PREFETCH).first()


def entity_row_get(*, slug: str) -> Entity | None:
    """The entity's row alone, without its aliases (1 query): for a filter."""
    return Entity.objects.filter(slug=slug).only("id", "slug").first()


class GlossaryTerm(NamedTuple):
    entity: Entity
    listed_as: str  # "Erdoğan, Recep Tayyip" for a person, else the name


def glossary() -> dict[str, list[GlossaryTerm]]:
    """Every entity with its aliases, grouped by initial letter, A to Z, in reading order
    (case- and accent-insensitive; people by surname: knowledge/glossary.py). Labels such
    as an imported tag "is" are filed under, not terms to explain: they are left out."""
    entities = (
        Entity.objects.exclude(type=EntityType.LABEL)
        .only("name", "slug", "definition", "type")
        .prefetch_related(ALIASES_PREFETCH)
    )
    terms = [
        GlossaryTerm(entity, filed_as(entity.name, is_person=entity.type == EntityType.PERSON))
        for entity in entities
    ]
    terms.sort(key=lambda term: sort_key(term.listed_as))
    groups: dict[str, list[GlossaryTerm]] = defaultdict(list)
    for term in terms:
        groups[initial(term.listed_as)].append(term)
    return dict(sorted(groups.items(), key=lambda item: (item[0] == "#", item[0])))


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
            "count",
            "salience",
            "in_title",
            "is_about",
            "surface",
            "entity__name",
            "entity__slug",
            "entity__type",
        )
        .order_by("-salience", "-count", "entity__name")
    )


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


# --- Lists of entities, and the articles naming one (the API) -----------------------


@dataclass(frozen=True)
class EntitySummary:
    name: str
    slug: str
    type: str
    definition: str
    aliases: tuple[str, ...]


def _entities(entity_type: str | None) -> QuerySet[Entity]:
    entities = Entity.objects.all()
    return entities.filter(type=entity_type) if entity_type else entities


def entity_list_count(*, entity_type: str | None = None) -> int:
    return _entities(entity_type).count()


def entity_aliases(entity_ids: Sequence[int]) -> dict[int, list[str]]:
    """Other names of several entities, in the editors' order (1 query)."""
    found: dict[int, list[str]] = defaultdict(list)
    for entity_id, text in (
        Alias.objects.filter(entity_id__in=list(entity_ids))
        .order_by("entity_id", "position", "id")
        .values_list("entity_id", "text")
    ):
        found[entity_id].append(text)
    return found


def entity_list_page(
    *, offset: int, limit: int, entity_type: str | None = None
) -> list[EntitySummary]:
    """Entities by name, with their other names (2 queries)."""
    rows = list(
        _entities(entity_type)
        .order_by("name", "id")
        .values_list("id", "name", "slug", "type", "definition")[offset : offset + limit]
    )
    aliases = entity_aliases([row[0] for row in rows])
    return [
        EntitySummary(
            name, slug, kind, definition, tuple(a for a in aliases.get(pk, ()) if a != name)
        )
        for pk, name, slug, kind, definition in rows
    ]


@dataclass(frozen=True)
class MentionCard:
    """An article that names an entity, and how much it is about it."""

    card: Card
    salience: float
    mention_count: int
    is_about: bool


def entity_mention_page(
    *, entity: Entity, offset: int, limit: int, now: dt.datetime | None = None
) -> list[MentionCard]:
    """Visible articles naming the entity, newest first, with salience (2 queries).

    Its count is entity_article_count.
    """
    now = now or timezone.now()
    rows = list(
        Mention.objects.filter(
            entity=entity, article__status=ArticleStatus.PUBLISHED, article__published_at__lte=now
        )
        .order_by("-article__published_at", "-article_id")
        .values_list(
            "article_id",
            "article__title",
            "article__slug",
            "article__summary",
            "article__published_at",
            "article__comment_count",
            "salience",
            "count",
            "is_about",
        )[offset : offset + limit]
    )
    cards = cards_from_rows([row[:6] for row in rows])
    return [
        MentionCard(card, row[6], row[7], row[8]) for card, row in zip(cards, rows, strict=True)
    ]

"""Reads the API needs beyond the apps' own selectors: paginated lists with counts, and
article lists filtered across apps (a hub, an author, an entity, a date range).

They live here rather than in the apps because they compose several of them (publishing
cannot import hubs or knowledge). Every function returns frozen dataclasses or plain
values and runs a fixed number of queries, whatever the page size.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone

from dossiers.comments.models import Comment
from dossiers.comments.selectors import CommentNode, comment_thread
from dossiers.hubs.models import Hub, HubMembership, HubStatus
from dossiers.knowledge.models import Alias, Entity, Mention
from dossiers.publishing.models import Article, ArticleAuthor, ArticleStatus, Author
from dossiers.publishing.selectors import Card, cards_from_rows

# --- Hubs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HubSummary:
    name: str
    headline: str
    slug: str
    article_count: int


def _published_hubs() -> QuerySet[Hub]:
    return Hub.objects.filter(status=HubStatus.PUBLISHED)


def _visible_members(now: dt.datetime) -> QuerySet[HubMembership]:
    """Memberships of articles readers can see (the status and date copied onto them)."""
    return HubMembership.objects.filter(
        article_status=ArticleStatus.PUBLISHED, published_at__lte=now
    )


def hub_list_count() -> int:
    return _published_hubs().count()


def hub_list_page(*, offset: int, limit: int, now: dt.datetime | None = None) -> list[HubSummary]:
    """Published hubs by name, with their visible analyses (2 queries: the page, its counts)."""
    rows = list(
        _published_hubs()
        .order_by("name", "id")
        .values_list("id", "name", "headline", "slug")[offset : offset + limit]
    )
    counts = dict(
        _visible_members(now or timezone.now())
        .filter(hub_id__in=[row[0] for row in rows])
        .values_list("hub_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        HubSummary(name, headline, slug, counts.get(pk, 0)) for pk, name, headline, slug in rows
    ]


@dataclass(frozen=True)
class MemberCard:
    """An article on a hub: its card, why it is there, and whether an editor pinned it."""

    card: Card
    reason: str
    pinned: bool


def hub_member_count(*, hub: Hub, now: dt.datetime | None = None) -> int:
    return _visible_members(now or timezone.now()).filter(hub=hub).count()


def hub_member_page(
    *, hub: Hub, offset: int, limit: int, now: dt.datetime | None = None
) -> list[MemberCard]:
    """One page of a hub's articles, pinned first then newest, with reasons (2 queries).

    The hub page's order (hubs.selectors.hub_article_page).
    """
    rows = list(
        _visible_members(now or timezone.now())
        .filter(hub=hub)
        .order_by("-is_pinned", "-published_at", "-article_id")
        .values_list(
            "article_id", "article__title", "article__slug", "article__summary",
            "published_at", "article__comment_count", "reason", "is_pinned",
        )[offset : offset + limit]
    )  # fmt: skip
    cards = cards_from_rows([row[:6] for row in rows])
    return [MemberCard(card, row[6], row[7]) for card, row in zip(cards, rows, strict=True)]


# --- Articles -------------------------------------------------------------------------

# Dates outside these bounds filter nothing out (or everything): the site's time zone
# cannot convert year 1 or 9999 to UTC without overflowing.
_EARLIEST = dt.date(1000, 1, 1)
_LATEST = dt.date(9000, 1, 1)


@dataclass(frozen=True)
class ArticleFilter:
    """Which visible articles a list holds. Days are the site's (DOSSIERS_TIME_ZONE), inclusive."""

    hub: Hub | None = None
    author: Author | None = None
    entity: Entity | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _day_start(day: dt.date) -> dt.datetime:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def _filtered(spec: ArticleFilter, now: dt.datetime) -> QuerySet[Article]:
    articles = Article.objects.visible(now)
    if spec.hub is not None:
        members = HubMembership.objects.filter(hub=spec.hub).values("article_id")
        articles = articles.filter(pk__in=members)
    if spec.author is not None:
        written = ArticleAuthor.objects.filter(author=spec.author).values("article_id")
        articles = articles.filter(pk__in=written)
    if spec.entity is not None:
        mentioned = Mention.objects.filter(entity=spec.entity).values("article_id")
        articles = articles.filter(pk__in=mentioned)
    if spec.date_from is not None and spec.date_from > _EARLIEST:
        if spec.date_from > _LATEST:
            return articles.none()
        articles = articles.filter(published_at__gte=_day_start(spec.date_from))
    if spec.date_to is not None and spec.date_to < _LATEST:
        if spec.date_to < _EARLIEST:
            return articles.none()
        articles = articles.filter(published_at__lt=_day_start(spec.date_to + dt.timedelta(1)))
    return articles


def article_list_count(*, spec: ArticleFilter, now: dt.datetime | None = None) -> int:
    return _filtered(spec, now or timezone.now()).count()


def article_list_page(
    *, spec: ArticleFilter, offset: int, limit: int, now: dt.datetime | None = None
) -> list[Card]:
    """Visible articles, newest first (2 queries: the page, its bylines)."""
    rows = list(
        _filtered(spec, now or timezone.now())
        .order_by("-published_at", "-id")
        .values_list("id", "title", "slug", "summary", "published_at", "comment_count")[
            offset : offset + limit
        ]
    )
    return cards_from_rows(rows)


# --- Authors --------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorSummary:
    name: str
    slug: str
    article_count: int


def author_list_count() -> int:
    return Author.objects.count()


def _written_counts(author_ids: Sequence[int], now: dt.datetime) -> dict[int, int]:
    return dict(
        ArticleAuthor.objects.filter(
            author_id__in=list(author_ids),
            article__status=ArticleStatus.PUBLISHED,
            article__published_at__lte=now,
        )
        .values_list("author_id")
        .annotate(n=Count("id"))
        .order_by()
    )


def author_list_page(
    *, offset: int, limit: int, now: dt.datetime | None = None
) -> list[AuthorSummary]:
    """Authors by name, with their visible analyses (2 queries)."""
    rows = list(Author.objects.order_by("name", "id").values_list("id", "name", "slug")[
        offset : offset + limit
    ])  # fmt: skip
    counts = _written_counts([row[0] for row in rows], now or timezone.now())
    return [AuthorSummary(name, slug, counts.get(pk, 0)) for pk, name, slug in rows]


# --- Entities -------------------------------------------------------------------------


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

    Its count is knowledge.selectors.entity_article_count.
    """
    now = now or timezone.now()
    rows = list(
        Mention.objects.filter(
            entity=entity, article__status=ArticleStatus.PUBLISHED, article__published_at__lte=now
        )
        .order_by("-article__published_at", "-article_id")
        .values_list(
            "article_id", "article__title", "article__slug", "article__summary",
            "article__published_at", "article__comment_count", "salience", "count", "is_about",
        )[offset : offset + limit]
    )  # fmt: skip
    cards = cards_from_rows([row[:6] for row in rows])
    return [
        MentionCard(card, row[6], row[7], row[8]) for card, row in zip(cards, rows, strict=True)
    ]


# --- Comments -------------------------------------------------------------------------


def comments_in_thread_order(*, article: Article) -> list[Comment]:
    """An article's shown comments, flattened depth first: every reply follows its parent,
    oldest first at each level (1 query, through comments.selectors.comment_thread)."""
    flat: list[Comment] = []

    def walk(nodes: list[CommentNode]) -> None:
        for node in nodes:
            flat.append(node.comment)
            walk(node.replies)

    walk(comment_thread(article=article))
    return flat

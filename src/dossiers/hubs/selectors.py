"""Reads for hubs. Listings return plain dataclasses (see publishing.selectors).

`hub_page_get` assembles what a hub's page shows, once, for the site's page and the
API alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils import timezone

from dossiers.core.config import conf
from dossiers.core.markdown import render_article_markdown
from dossiers.hubs.intro import IntroEntity, compose_intro
from dossiers.hubs.models import Hub, HubKeyEntity, HubMembership, HubStatus
from dossiers.hubs.overview import CoveredEntity, Overview
from dossiers.knowledge.models import Entity, Mention
from dossiers.knowledge.selectors import entity_aliases
from dossiers.publishing.models import Article, ArticleStatus
from dossiers.publishing.selectors import Card, cards_from_rows


@dataclass(frozen=True)
class KeyTerm:
    """A key entity as the hub shows it: name, definition, other names."""

    id: int
    name: str
    slug: str
    definition: str
    aliases: tuple[str, ...]
    same_as: tuple[str, ...] = ()  # the entity's sameAs links (structured data)
    type: str = ""  # the entity's type (country, person…): a schema.org type in structured data


def _visible_memberships(now: dt.datetime, hub: Hub | None = None) -> QuerySet[HubMembership]:
    """Memberships of articles that readers can see (read from the copied status and date)."""
    visible = HubMembership.objects.filter(
        article_status=ArticleStatus.PUBLISHED, published_at__lte=now
    )
    return visible if hub is None else visible.filter(hub=hub)


def hub_get(*, slug: str) -> Hub | None:
    """A published hub, with its header image (1 query)."""
    return Hub.objects.select_related("image").filter(slug=slug, status=HubStatus.PUBLISHED).first()


def hub_key_terms(*, hub: Hub) -> list[KeyTerm]:
    """The hub's key entities in order, with their aliases (2 queries)."""
    rows = list(
        HubKeyEntity.objects.filter(hub=hub)
        .order_by("position", "id")
        .values_list(
            "entity_id",
            "entity__name",
            "entity__slug",
            "entity__definition",
            "entity__same_as",
            "entity__type",
        )
    )
    aliases = entity_aliases([row[0] for row in rows])
    return [
        KeyTerm(
            pk,
            name,
            slug,
            definition,
            tuple(a for a in aliases.get(pk, ()) if a != name),
            tuple(same_as or ()),
            kind,
        )
        for pk, name, slug, definition, same_as, kind in rows
    ]


def hub_overview(
    *, hub: Hub, key_ids: list[int], now: dt.datetime | None = None, limit: int = 5
) -> Overview:
    """How many analyses over what span, and what else they cover (2 queries; 1 when
    `limit` is 0).

    "What else" are the entities outside the key set that weigh most across
    the hub's articles: summed salience, so that a name the articles are
    about outranks one they all mention in passing. The count is of articles.
    """
    now = now or timezone.now()
    visible = _visible_memberships(now, hub)
    stats = visible.aggregate(n=Count("id"), first=Min("published_at"), last=Max("published_at"))
    covered = (
        Mention.objects.filter(article_id__in=Subquery(visible.values("article_id")))
        .exclude(entity_id__in=key_ids)
        .values_list("entity__name", "entity__slug")
        # (article, entity) is unique in Mention: counting rows counts articles.
        .annotate(n=Count("id"), weight=Sum("salience"))
        .order_by("-weight", "-n", "entity__name")[:limit]
        if stats["n"] and limit > 0
        else []
    )
    return Overview(
        article_count=stats["n"],
        first_published=stats["first"],
        last_published=stats["last"],
        covered=tuple(
            CoveredEntity(name=name, url=reverse("entity", args=[slug]), article_count=n)
            for name, slug, n, _ in covered
        ),
    )


@dataclass(frozen=True)
class MemberCard:
    """An article on a hub: its card, why it is there, and whether an editor pinned it."""

    card: Card
    reason: str
    pinned: bool


def hub_member_page(
    *, hub: Hub, offset: int, limit: int, now: dt.datetime | None = None
) -> list[MemberCard]:
    """One page of a hub's articles, pinned first then newest, with reasons (2 queries;
    none for an empty page)."""
    if limit <= 0:
        return []
    rows = list(
        _visible_memberships(now or timezone.now(), hub)
        .order_by("-is_pinned", "-published_at", "-article_id")
        .values_list(
            "article_id",
            "article__title",
            "article__slug",
            "article__summary",
            "published_at",
            "article__comment_count",
            "reason",
            "is_pinned",
        )[offset : offset + limit]
    )
    pinned = frozenset(row[0] for row in rows if row[7])
    cards = cards_from_rows([row[:6] for row in rows], pinned=pinned)
    return [MemberCard(card, row[6], row[7]) for card, row in zip(cards, rows, strict=True)]


@dataclass(frozen=True)
class HubPage:
    """What a hub's page shows: the hub, its key terms and intro (the editor's, or composed
    from the key terms), the overview (count, span, what else the articles cover) and one
    page of its articles, from `offset`, with the reason each is there."""

    hub: Hub
    key_terms: tuple[KeyTerm, ...]
    intro_html: str
    overview: Overview
    cards: tuple[MemberCard, ...]
    offset: int = 0

    @property
    def article_count(self) -> int:
        return self.overview.article_count


def hub_page_get(
    *,
    slug: str,
    per_page: int,
    offset: int = 0,
    now: dt.datetime | None = None,
    describe: bool = True,
) -> HubPage | None:
    """A published hub's page, read once (None when no published hub has the slug).

    Queries: the hub; the key terms and their aliases (2); the overview's figures; the
    entities the articles also cover; the cards and their bylines (2; none when
    `per_page` is 0). `describe=False` leaves out what only describes the hub (key terms,
    intro, covered entities: 3 queries fewer), for a list of its articles.
    The site's hub page and the API's hub and hub articles all read it.
    """
    now = now or timezone.now()
    hub = hub_get(slug=slug)
    if hub is None:
        return None
    key_terms = hub_key_terms(hub=hub) if describe else []
    intro_html = ""
    if describe:
        intro_html = hub.intro_html or render_article_markdown(
            hub_intro_composed(hub=hub, key_terms=key_terms)
        )
    overview = hub_overview(
        hub=hub,
        key_ids=[term.id for term in key_terms],
        now=now,
        limit=conf().hub_overview_entities if describe else 0,
    )
    cards = hub_member_page(hub=hub, offset=offset, limit=per_page, now=now)
    return HubPage(
        hub=hub,
        key_terms=tuple(key_terms),
        intro_html=intro_html,
        overview=overview,
        cards=tuple(cards),
        offset=offset,
    )


def hubs_for_article(*, article: Article) -> list[HubMembership]:
    return list(
        HubMembership.objects.filter(article=article, hub__status=HubStatus.PUBLISHED)
        .select_related("hub")
        .only("reason", "is_pinned", "hub__name", "hub__slug", "hub__headline")
        .order_by("hub__name")
    )


def hubs_for_entity(*, entity: Entity) -> list[Hub]:
    return list(
        Hub.objects.filter(status=HubStatus.PUBLISHED, key_links__entity=entity)
        .only("name", "slug", "headline")
        .order_by("name")
    )


def hub_index(*, now: dt.datetime | None = None) -> list[Hub]:
    """Every published hub with its count of visible analyses, busiest first (2 queries)."""
    now = now or timezone.now()
    visible = Q(
        memberships__article_status=ArticleStatus.PUBLISHED, memberships__published_at__lte=now
    )
    return list(
        Hub.objects.filter(status=HubStatus.PUBLISHED)
        .annotate(article_count=Count("memberships", filter=visible))
        .prefetch_related(
            Prefetch(
                "key_links",
                queryset=HubKeyEntity.objects.select_related("entity").only(
                    "hub_id", "position", "entity__name", "entity__slug"
                ),
            )
        )
        .order_by("-article_count", "name")
    )


def hub_intro_composed(*, hub: Hub, key_terms: list[KeyTerm]) -> str:
    """The intro composed from the key entities (Markdown), shown while the editor's is empty."""
    return compose_intro(
        hub_name=hub.name,
        slug=hub.slug,
        entities=[IntroEntity(t.name, t.definition, t.aliases) for t in key_terms],
    )


# --- For the API and the admin: who is on a hub, and why -------------------------


@dataclass(frozen=True)
class MembershipRow:
    """An article on a hub and the reason it is there."""

    hub_slug: str
    article_id: int
    article_slug: str
    article_title: str
    published_at: dt.datetime | None
    is_pinned: bool
    reason: str


_MEMBERSHIP_FIELDS = (
    "hub__slug",
    "article_id",
    "article__slug",
    "article__title",
    "published_at",
    "is_pinned",
    "reason",
)


def hub_memberships(
    *,
    hub: Hub,
    offset: int = 0,
    limit: int = 50,
    visible_only: bool = True,
    now: dt.datetime | None = None,
) -> list[MembershipRow]:
    """A hub's articles with their reasons, pinned first then newest (1 query)."""
    rows = (
        _visible_memberships(now or timezone.now(), hub)
        if visible_only
        else HubMembership.objects.filter(hub=hub)
    )
    return [
        MembershipRow(*row)
        for row in rows.order_by("-is_pinned", "-published_at", "-article_id").values_list(
            *_MEMBERSHIP_FIELDS
        )[offset : offset + limit]
    ]


def article_memberships(*, article_id: int, published_only: bool = True) -> list[MembershipRow]:
    """The hubs an article is on, with the reason for each (1 query)."""
    rows = HubMembership.objects.filter(article_id=article_id)
    if published_only:
        rows = rows.filter(hub__status=HubStatus.PUBLISHED)
    return [
        MembershipRow(*row) for row in rows.order_by("hub__name").values_list(*_MEMBERSHIP_FIELDS)
    ]


# --- The list of hubs (the API) ----------------------------------------------------


@dataclass(frozen=True)
class HubSummary:
    name: str
    headline: str
    slug: str
    article_count: int


def _published_hubs() -> QuerySet[Hub]:
    return Hub.objects.filter(status=HubStatus.PUBLISHED)


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
        _visible_memberships(now or timezone.now())
        .filter(hub_id__in=[row[0] for row in rows])
        .values_list("hub_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        HubSummary(name, headline, slug, counts.get(pk, 0)) for pk, name, headline, slug in rows
    ]


def hub_month_counts(*, hub: Hub, now: dt.datetime | None = None) -> list[tuple[dt.date, int]]:
    """How many of the hub's visible analyses were published each month, oldest first, with
    the empty months in between (1 query; grouped in the database by month)."""
    from django.db.models.functions import TruncMonth

    rows = (
        _visible_memberships(now or timezone.now(), hub)
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(n=Count("article_id"))
        .order_by("month")
        .values_list("month", "n")
    )
    counts = {_first_of_month(month): n for month, n in rows if month is not None}
    if not counts:
        return []
    months, day = [], min(counts)
    last = max(counts)
    while day <= last:
        months.append((day, counts.get(day, 0)))
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _first_of_month(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)

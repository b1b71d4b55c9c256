"""Reads for feeds and sitemaps: frozen dataclasses from values_list rows, a fixed number
of queries whatever the length of the list."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Greatest
from django.utils import timezone

from dossiers.core.config import conf
from dossiers.hubs.models import Hub, HubMembership, HubStatus
from dossiers.knowledge.models import Entity, Mention
from dossiers.publishing.models import Article, ArticleAuthor, ArticleStatus, Author, Page
from dossiers.publishing.selectors import Byline, bylines_for


@dataclass(frozen=True)
class FeedEntry:
    id: int
    title: str
    slug: str
    summary: str
    body_html: str
    published_at: dt.datetime
    updated_at: dt.datetime
    authors: tuple[Byline, ...] = ()
    hubs: tuple[str, ...] = ()


ENTRY_COLUMNS = ("id", "title", "slug", "summary", "body_html", "published_at", "updated_at")


def _hub_names(article_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    for article_id, name in (
        HubMembership.objects.filter(
            article_id__in=list(article_ids), hub__status=HubStatus.PUBLISHED
        )
        .order_by("article_id", "hub__name")
        .values_list("article_id", "hub__name")
    ):
        found[article_id].append(name)
    return {k: tuple(v) for k, v in found.items()}


def _entries(queryset: QuerySet[Article], limit: int) -> list[FeedEntry]:
    """Newest first, with bylines and hubs (3 queries)."""
    rows = list(queryset.order_by("-published_at", "-id").values_list(*ENTRY_COLUMNS)[:limit])
    ids = [row[0] for row in rows]
    bylines = bylines_for(ids)
    hubs = _hub_names(ids) if ids else {}
    return [
        FeedEntry(
            id=pk,
            title=title,
            slug=slug,
            summary=summary,
            body_html=body_html,
            published_at=published_at,
            updated_at=updated_at,
            authors=bylines.get(pk, ()),
            hubs=hubs.get(pk, ()),
        )
        for pk, title, slug, summary, body_html, published_at, updated_at in rows
    ]


def _limit() -> int:
    return conf().feed_items


def site_entries(*, now: dt.datetime | None = None) -> list[FeedEntry]:
    return _entries(Article.objects.visible(now), _limit())


def hub_entries(*, hub: Hub, now: dt.datetime | None = None) -> list[FeedEntry]:
    now = now or timezone.now()
    members = HubMembership.objects.filter(
        hub=hub, article_status=ArticleStatus.PUBLISHED, published_at__lte=now
    ).values("article_id")
    return _entries(Article.objects.visible(now).filter(pk__in=members), _limit())


def author_entries(*, author: Author, now: dt.datetime | None = None) -> list[FeedEntry]:
    written = ArticleAuthor.objects.filter(author=author).values("article_id")
    return _entries(Article.objects.visible(now).filter(pk__in=written), _limit())


def entity_entries(*, entity: Entity, now: dt.datetime | None = None) -> list[FeedEntry]:
    mentioned = Mention.objects.filter(entity=entity).values("article_id")
    return _entries(Article.objects.visible(now).filter(pk__in=mentioned), _limit())


# --- Sitemaps ------------------------------------------------------------------------


# Sitemap rows: (slug, lastmod) named tuples.


def sitemap_articles(now: dt.datetime | None = None) -> QuerySet[Article, Any]:
    return (
        Article.objects.visible(now)
        .annotate(lastmod=Greatest(F("updated_at"), F("published_at")))
        .order_by("id")
        .values_list("slug", "lastmod", named=True)
    )


def indexable_hubs(now: dt.datetime | None = None) -> QuerySet[Hub, Any]:
    """Published hubs with at least HUB_MIN_ANALYSES visible analyses (thin hubs are not
    worth a search engine's visit), with the date of their newest analysis."""
    now = now or timezone.now()
    visible = Q(
        memberships__article_status=ArticleStatus.PUBLISHED, memberships__published_at__lte=now
    )
    return (
        Hub.objects.filter(status=HubStatus.PUBLISHED)
        .annotate(
            analyses=Count("memberships", filter=visible),
            newest=Max("memberships__published_at", filter=visible),
        )
        .filter(analyses__gte=conf().hub_min_analyses)
        .annotate(lastmod=Greatest(F("updated_at"), F("newest")))
        .order_by("id")
        .values_list("slug", "lastmod", named=True)
    )


def sitemap_authors(now: dt.datetime | None = None) -> QuerySet[Author, Any]:
    """Authors with at least one visible analysis."""
    written = ArticleAuthor.objects.filter(
        author=OuterRef("pk"),
        article__status=ArticleStatus.PUBLISHED,
        article__published_at__lte=now or timezone.now(),
    )
    return (
        Author.objects.filter(Exists(written))
        .order_by("id")
        .values_list("slug", "updated_at", named=True)
    )


def sitemap_entities(now: dt.datetime | None = None) -> QuerySet[Entity, Any]:
    """Entities mentioned by at least one visible analysis."""
    mentioned = Mention.objects.filter(
        entity=OuterRef("pk"),
        article__status=ArticleStatus.PUBLISHED,
        article__published_at__lte=now or timezone.now(),
    )
    return (
        Entity.objects.filter(Exists(mentioned))
        .order_by("id")
        .values_list("slug", "updated_at", named=True)
    )


def latest(dates: Iterable[dt.datetime | None]) -> dt.datetime | None:
    found = [d for d in dates if d is not None]
    return max(found) if found else None


def sitemap_pages() -> QuerySet[Page, Any]:
    """The standing pages (about, contact, privacy)."""
    return Page.objects.order_by("id").values_list("slug", "updated_at", named=True)

"""Reads for authors and articles.

Listings return plain frozen dataclasses (`Card`), built from `values_list`
rows: a listing page then costs two small queries and no model machinery,
which is most of what a hub page does.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

from dossiers.media.selectors import IMAGE_COLUMNS, ImageRef, image_ref_from_row
from dossiers.publishing.models import Article, ArticleAuthor, ArticleStatus, Author, Page


@dataclass(frozen=True)
class Byline:
    name: str
    slug: str


@dataclass(frozen=True)
class Card:
    """What an article card shows."""

    id: int
    title: str
    slug: str
    summary: str
    published_at: dt.datetime
    comment_count: int
    authors: tuple[Byline, ...] = ()
    pinned: bool = False
    image: ImageRef | None = None  # the featured image (the card's thumbnail)


CARD_COLUMNS = ("id", "title", "slug", "summary", "published_at", "comment_count")


def bylines_for(article_ids: Iterable[int]) -> dict[int, tuple[Byline, ...]]:
    """Ordered authors of several articles (1 query)."""
    found: dict[int, list[Byline]] = defaultdict(list)
    rows = (
        ArticleAuthor.objects.filter(article_id__in=list(article_ids))
        .order_by("article_id", "position", "id")
        .values_list("article_id", "author__name", "author__slug")
    )
    for article_id, name, slug in rows:
        found[article_id].append(Byline(name, slug))
    return {article_id: tuple(names) for article_id, names in found.items()}


_FEATURED = tuple(f"article__featured_image__{column}" for column in IMAGE_COLUMNS)


def bylines_and_images_for(
    article_ids: Iterable[int],
) -> tuple[dict[int, tuple[Byline, ...]], dict[int, ImageRef]]:
    """Ordered authors and featured images of several articles, in one query: the image
    rides on the byline rows (a left join), since every article has an author
    (`article_write` refuses one without)."""
    found: dict[int, list[Byline]] = defaultdict(list)
    images: dict[int, ImageRef] = {}
    rows = (
        ArticleAuthor.objects.filter(article_id__in=list(article_ids))
        .order_by("article_id", "position", "id")
        .values_list("article_id", "author__name", "author__slug", *_FEATURED)
    )
    for article_id, name, slug, *image in rows:
        found[article_id].append(Byline(name, slug))
        if article_id not in images and (ref := image_ref_from_row(image)) is not None:
            images[article_id] = ref
    return {article_id: tuple(names) for article_id, names in found.items()}, images


# (id, title, slug, summary, published_at, comment_count): a `values_list` of CARD_COLUMNS.
CardRow = tuple[int, str, str, str, dt.datetime, int]


def cards_from_rows(
    rows: Sequence[CardRow] | Sequence[tuple[Any, ...]], *, pinned: frozenset[int] = frozenset()
) -> list[Card]:
    """Cards from CardRow rows (a `values_list` of CARD_COLUMNS), with bylines and featured
    images (1 query)."""
    bylines, images = bylines_and_images_for(row[0] for row in rows)
    return [
        Card(
            id=pk,
            title=title,
            slug=slug,
            summary=summary,
            published_at=published_at,
            comment_count=comments,
            authors=bylines.get(pk, ()),
            pinned=pk in pinned,
            image=images.get(pk),
        )
        for pk, title, slug, summary, published_at, comments in rows
    ]


def article_cards(queryset: QuerySet[Article], *, offset: int = 0, limit: int) -> list[Card]:
    """One page of cards from an ordered article queryset (2 queries)."""
    rows = list(queryset.values_list(*CARD_COLUMNS)[offset : offset + limit])
    return cards_from_rows(rows)


def article_visible_get(*, slug: str, now: dt.datetime | None = None) -> Article | None:
    # The featured image comes in the same query (the hero and the sharing card show it).
    return Article.objects.visible(now).select_related("featured_image").filter(slug=slug).first()


def article_get(*, pk: int) -> Article | None:
    """Any article, whatever its status or date (the editors' preview)."""
    return Article.objects.filter(pk=pk).first()


def article_authors(*, article: Article) -> list[Byline]:
    """The byline, in order (1 query)."""
    return list(bylines_for([article.pk]).get(article.pk, ()))


def article_latest_list(*, limit: int, now: dt.datetime | None = None) -> list[Card]:
    """The home page's latest analyses: sticky ones first (marked as picks), then newest
    (3 queries: the sticky few, the newest others, bylines; neither scans the archive)."""
    visible = Article.objects.visible(now).order_by("-published_at", "-id")
    rows = list(visible.filter(sticky=True).values_list(*CARD_COLUMNS)[:limit])
    sticky = frozenset(row[0] for row in rows)
    if len(rows) < limit:
        rows += list(visible.filter(sticky=False).values_list(*CARD_COLUMNS)[: limit - len(rows)])
    return cards_from_rows(rows, pinned=sticky)


def author_get(*, slug: str) -> Author | None:
    return Author.objects.select_related("photo").filter(slug=slug).first()


def _author_articles(author: Author, now: dt.datetime | None) -> QuerySet[Article]:
    written = ArticleAuthor.objects.filter(author=author).values("article_id")
    return Article.objects.visible(now).filter(pk__in=written)


def author_article_count(*, author: Author, now: dt.datetime | None = None) -> int:
    return _author_articles(author, now).count()


def author_article_page(
    *, author: Author, offset: int, limit: int, now: dt.datetime | None = None
) -> list[Card]:
    queryset = _author_articles(author, now).order_by("-published_at", "-id")
    return article_cards(queryset, offset=offset, limit=limit)


def next_scheduled_publication(now: dt.datetime) -> dt.datetime | None:
    """When the next scheduled article comes due (the site changes then by itself)."""
    return (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


# --- The list of authors (the API) ------------------------------------------------


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
    rows = list(
        Author.objects.order_by("name", "id").values_list("id", "name", "slug")[
            offset : offset + limit
        ]
    )
    counts = _written_counts([row[0] for row in rows], now or timezone.now())
    return [AuthorSummary(name, slug, counts.get(pk, 0)) for pk, name, slug in rows]


FOOTER_CACHE_KEY = "publishing:footer-pages:v1"


@dataclass(frozen=True)
class FooterLink:
    title: str
    url: str


def page_get(*, slug: str) -> Page | None:
    return Page.objects.filter(slug=slug).first()


def footer_links() -> list[FooterLink]:
    """The standing pages linked from every page's footer, in order. Read from the cache
    (no query on a warm cache; `page_write` drops it), so the footer costs pages nothing."""
    links = cache.get(FOOTER_CACHE_KEY)
    if links is None:
        links = [
            FooterLink(title, reverse("page", args=[slug]))
            for title, slug in Page.objects.filter(in_footer=True).values_list("title", "slug")
        ]
        cache.set(FOOTER_CACHE_KEY, links, None)
    return list(links)

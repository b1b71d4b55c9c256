"""Articles: the filtered list, one article, and its approved comments."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dossiers.api import present
from dossiers.api.lookups import article_or_404, author_or_404, entity_row_or_404, hub_or_404
from dossiers.api.operations import read, slug_param
from dossiers.api.pagination import PageParams, page_check, page_meta
from dossiers.api.schemas import SLUG_PATTERN, ArticleOut, ArticlePage, CommentPage, IsoDay
from dossiers.comments.selectors import comments_in_thread_order
from dossiers.core.http.urls import absolute
from dossiers.hubs import selectors as hub_reads
from dossiers.knowledge import selectors as knowledge
from dossiers.publishing import selectors as publishing
from dossiers.search import selectors as search

router = Router(tags=["articles"])

ARTICLE_SLUG = "why-baltic-states-watch-turkey-closely"


class ArticleFilters(Schema):
    hub: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=200, description="Only articles on this hub (slug)."
    )
    author: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=200, description="Only articles by this author."
    )
    entity: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=200, description="Only articles naming this entity."
    )
    date_from: IsoDay | None = Field(
        None, description="Published on or after this day (YYYY-MM-DD, the site's time zone)."
    )
    date_to: IsoDay | None = Field(
        None,
        description="Published on or before this day. A range that ends before it starts "
        "holds no article.",
    )


def filter_spec(filters: ArticleFilters) -> search.ArticleFilter:
    """The filters' slugs looked up (one query each): an unknown one is a 404 that names it."""
    return search.ArticleFilter(
        hub=hub_or_404(filters.hub) if filters.hub else None,
        author=author_or_404(filters.author) if filters.author else None,
        entity=entity_row_or_404(filters.entity) if filters.entity else None,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )


@read(router, "/articles", ArticlePage, summary="List the articles")
def article_list(
    request: HttpRequest, filters: Query[ArticleFilters], paging: Query[PageParams]
) -> dict:
    """Published articles, newest first; filter by hub, author, entity and days."""
    spec = filter_spec(filters)
    total = search.article_list_count(spec=spec)
    page_check(paging, total)
    cards = search.article_list_page(spec=spec, offset=paging.offset, limit=paging.page_size)
    return {
        **page_meta(request, paging, total),
        "results": [present.card(request, card) for card in cards],
    }


@read(router, "/articles/{slug}", ArticleOut, summary="One article")
def article_detail(request: HttpRequest, slug: str = slug_param(ARTICLE_SLUG)) -> dict:
    """The whole article: body, byline, entities with salience, hubs with reasons."""
    article = article_or_404(slug)
    url = present.page_url(request, "article", article.slug)
    return {
        "slug": article.slug,
        "title": article.title,
        "url": url,
        "canonical_url": absolute(request, article.canonical_url) if article.canonical_url else url,
        "summary": article.summary,
        "body_html": article.body_html,
        "word_count": article.word_count,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "authors": present.bylines(request, publishing.article_authors(article=article)),
        "entities": [
            {
                "name": m.entity.name,
                "slug": m.entity.slug,
                "type": m.entity.type,
                "url": present.page_url(request, "entity", m.entity.slug),
                "salience": m.salience,
                "mention_count": m.count,
                "in_title": m.in_title,
                "relation": present.relation(m.is_about),
            }
            for m in knowledge.article_mentions(article=article)
        ],
        "hubs": [
            present.hub_ref(request, name=m.hub.name, headline=m.hub.headline, slug=m.hub.slug)
            | {"reason": m.reason, "pinned": m.is_pinned}
            for m in hub_reads.hubs_for_article(article=article)
        ],
        "comment_count": article.comment_count,
    }


@read(router, "/articles/{slug}/comments", CommentPage, summary="An article's comments")
def article_comments(
    request: HttpRequest, paging: Query[PageParams], slug: str = slug_param(ARTICLE_SLUG)
) -> dict:
    """Approved comments in thread order, with each one's parent and depth. Never the
    commenters' e-mail addresses; replies to a comment that is not shown are not shown."""
    article = article_or_404(slug)
    comments = comments_in_thread_order(article=article)
    page_check(paging, len(comments))
    shown = comments[paging.offset : paging.offset + paging.page_size]
    return {
        **page_meta(request, paging, len(comments)),
        "results": [
            {
                "id": c.pk,
                "parent_id": c.parent_id,
                "depth": c.depth,
                "name": c.name,
                "url": c.url or None,
                "body_html": c.body_html,
                "created_at": c.created_at,
            }
            for c in shown
        ],
    }

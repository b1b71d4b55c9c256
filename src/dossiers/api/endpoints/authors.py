"""Authors: the list, one author, and their articles."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from dossiers.api import present
from dossiers.api.lookups import author_or_404
from dossiers.api.operations import read, slug_param
from dossiers.api.pagination import PageParams, page_check, page_meta
from dossiers.api.schemas import ArticlePage, AuthorDetailOut, AuthorPage
from dossiers.publishing import selectors as publishing

router = Router(tags=["authors"])

AUTHOR_SLUG = "mira-kovac"


@read(router, "/authors", AuthorPage, summary="List the authors")
def author_list(request: HttpRequest, paging: Query[PageParams]) -> dict:
    """Authors by name, with how many published analyses each has written."""
    total = publishing.author_list_count()
    page_check(paging, total)
    rows = publishing.author_list_page(offset=paging.offset, limit=paging.page_size)
    return {
        **page_meta(request, paging, total),
        "results": [
            {
                "name": a.name,
                "slug": a.slug,
                "url": present.page_url(request, "author", a.slug),
                "article_count": a.article_count,
            }
            for a in rows
        ],
    }


@read(router, "/authors/{slug}", AuthorDetailOut, summary="One author")
def author_detail(request: HttpRequest, slug: str = slug_param(AUTHOR_SLUG)) -> dict:
    """The author's biography (HTML), links and count of published analyses."""
    author = author_or_404(slug)
    return {
        "name": author.name,
        "slug": author.slug,
        "url": present.page_url(request, "author", author.slug),
        "article_count": publishing.author_article_count(author=author),
        "bio_html": author.bio_html,
        "links": [link for link in author.links or [] if isinstance(link, str)],
    }


@read(router, "/authors/{slug}/articles", ArticlePage, summary="An author's articles")
def author_articles(
    request: HttpRequest, paging: Query[PageParams], slug: str = slug_param(AUTHOR_SLUG)
) -> dict:
    """The author's published analyses, newest first."""
    author = author_or_404(slug)
    now = timezone.now()
    total = publishing.author_article_count(author=author, now=now)
    page_check(paging, total)
    cards = publishing.author_article_page(
        author=author, offset=paging.offset, limit=paging.page_size, now=now
    )
    return {
        **page_meta(request, paging, total),
        "results": [present.card(request, card) for card in cards],
    }

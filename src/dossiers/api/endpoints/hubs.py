"""Hubs: the list, one hub, and the articles on it with the reason for each.

One hub and its articles are read by `hubs.selectors.hub_page_get`, the selector the
site's hub page reads too.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from dossiers.api import present
from dossiers.api.lookups import hub_page_or_404
from dossiers.api.operations import read, slug_param
from dossiers.api.pagination import PageParams, page_check, page_meta
from dossiers.api.schemas import HubArticlePage, HubDetailOut, HubPage
from dossiers.core.http.urls import absolute
from dossiers.hubs import selectors as hub_reads

router = Router(tags=["hubs"])

HUB_SLUG = "turkey-nato"


@read(router, "/hubs", HubPage, summary="List the hubs")
def hub_list(request: HttpRequest, paging: Query[PageParams]) -> dict:
    """Published hubs by name, with how many published analyses each holds."""
    total = hub_reads.hub_list_count()
    page_check(paging, total)
    rows = hub_reads.hub_list_page(offset=paging.offset, limit=paging.page_size)
    return {
        **page_meta(request, paging, total),
        "results": [
            present.hub_ref(request, name=h.name, headline=h.headline, slug=h.slug)
            | {"article_count": h.article_count}
            for h in rows
        ],
    }


@read(router, "/hubs/{slug}", HubDetailOut, summary="One hub")
def hub_detail(request: HttpRequest, slug: str = slug_param(HUB_SLUG)) -> dict:
    """The hub's intro, its key entities in order (definitions, other names), and the span
    and count of its published analyses."""
    page = hub_page_or_404(slug, per_page=0)
    hub, overview = page.hub, page.overview
    return present.hub_ref(request, name=hub.name, headline=hub.headline, slug=hub.slug) | {
        "article_count": overview.article_count,
        "intro_html": page.intro_html,
        "key_entities": [
            {
                "name": term.name,
                "slug": term.slug,
                "url": present.page_url(request, "entity", term.slug),
                "definition": term.definition,
                "aliases": list(term.aliases),
                "same_as": list(term.same_as),
            }
            for term in page.key_terms
        ],
        "first_published": overview.first_published,
        "last_published": overview.last_published,
        "also_covers": [
            {"name": c.name, "url": absolute(request, c.url), "article_count": c.article_count}
            for c in overview.covered
        ],
    }


@read(router, "/hubs/{slug}/articles", HubArticlePage, summary="The articles on a hub")
def hub_articles(
    request: HttpRequest, paging: Query[PageParams], slug: str = slug_param(HUB_SLUG)
) -> dict:
    """Pinned first, then newest first (the hub page's order), each with the reason it is
    on the hub."""
    page = hub_page_or_404(
        slug, offset=paging.offset, per_page=paging.page_size, now=timezone.now(), describe=False
    )
    return {
        **page_meta(request, paging, page.article_count),
        "results": [
            present.card(request, m.card, reason=m.reason, pinned=m.pinned) for m in page.cards
        ],
    }

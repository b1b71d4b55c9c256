"""Hubs: the list, one hub, and the articles on it with the reason for each."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from dossiers.api import present
from dossiers.api import selectors as api
from dossiers.api.lookups import hub_or_404
from dossiers.api.operations import read, slug_param
from dossiers.api.pagination import PageParams, page_check, page_meta
from dossiers.api.schemas import HubArticlePage, HubDetailOut, HubPage
from dossiers.core.config import conf
from dossiers.core.http.urls import absolute
from dossiers.core.markdown import render_article_markdown
from dossiers.hubs import selectors as hub_reads

router = Router(tags=["hubs"])

HUB_SLUG = "turkey-nato"


@read(router, "/hubs", HubPage, summary="List the hubs")
def hub_list(request: HttpRequest, paging: Query[PageParams]) -> dict:
    """Published hubs by name, with how many published analyses each holds."""
    total = api.hub_list_count()
    page_check(paging, total)
    rows = api.hub_list_page(offset=paging.offset, limit=paging.page_size)
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
    hub = hub_or_404(slug)
    key_terms = hub_reads.hub_key_terms(hub=hub)
    intro_html = hub.intro_html or render_article_markdown(
        hub_reads.hub_intro_composed(hub=hub, key_terms=key_terms)
    )
    overview = hub_reads.hub_overview(
        hub=hub,
        key_ids=[term.id for term in key_terms],
        now=timezone.now(),
        limit=conf().hub_overview_entities,
    )
    return present.hub_ref(request, name=hub.name, headline=hub.headline, slug=hub.slug) | {
        "article_count": overview.article_count,
        "intro_html": intro_html,
        "key_entities": [
            {
                "name": term.name,
                "slug": term.slug,
                "url": present.page_url(request, "entity", term.slug),
                "definition": term.definition,
                "aliases": list(term.aliases),
                "same_as": list(term.same_as),
            }
            for term in key_terms
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
    hub = hub_or_404(slug)
    now = timezone.now()
    total = api.hub_member_count(hub=hub, now=now)
    page_check(paging, total)
    members = api.hub_member_page(hub=hub, offset=paging.offset, limit=paging.page_size, now=now)
    return {
        **page_meta(request, paging, total),
        "results": [
            present.card(request, m.card, reason=m.reason, pinned=m.pinned) for m in members
        ],
    }

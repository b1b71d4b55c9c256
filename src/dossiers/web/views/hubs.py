"""The home page, the topic index and hub pages (and the favicon)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_safe

from dossiers.core.config import conf
from dossiers.core.http import found
from dossiers.core.http.caching import cached_response
from dossiers.core.pagination import page_window, paged
from dossiers.hubs import selectors as hub_reads
from dossiers.hubs.overview import overview_segments
from dossiers.publishing import selectors as publishing
from dossiers.related import selectors as related
from dossiers.syndication import heads
from dossiers.web.charts import month_bars


@require_safe
@cached_response(params=())
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    context = {
        "latest": publishing.article_latest_list(limit=conf().page_size, now=now),
        "hubs": hub_reads.hub_index(now=now)[:12],
        "head": heads.home_head(request),
    }
    return render(request, "web/home.html", context)


@require_safe
@cached_response(params=())
def hub_index(request: HttpRequest) -> HttpResponse:
    hubs = hub_reads.hub_index()
    context = {"hubs": hubs, "head": heads.hub_index_head(request, hubs)}
    return render(request, "web/hubs.html", context)


@require_safe
@paged
@cached_response(params=())
def hub_detail(request: HttpRequest, slug: str, page: int) -> HttpResponse:
    number = page
    per_page = conf().page_size
    now = timezone.now()
    hub_page = found(
        hub_reads.hub_page_get(
            slug=slug, offset=(number - 1) * per_page, per_page=per_page, now=now
        ),
        "No such topic.",
    )
    hub, key_terms, overview = hub_page.hub, list(hub_page.key_terms), hub_page.overview
    window = page_window(number=number, per_page=per_page, total=overview.article_count)
    cards = [member.card for member in hub_page.cards]
    related_hubs = related.hub_related_hubs(
        hub=hub,
        key_ids=[term.id for term in key_terms],
        article_count=overview.article_count,
        now=now,
    )
    context = {
        "hub": hub,
        "hub_image": hub.image if hub.image_id else None,
        "intro_html": hub_page.intro_html,
        "key_terms": key_terms,
        "overview": overview,
        "overview_segments": overview_segments(overview),
        "members": hub_page.cards,
        "related_hubs": related_hubs,
        # The topic's history sits beside its first page, with the key terms.
        "timeline": month_bars(
            hub_reads.hub_month_counts(hub=hub, now=now), label=f"Analyses on {hub.name} by month"
        )
        if number == 1
        else "",
        "window": window,
        "head": heads.hub_head(
            request,
            hub=hub,
            key_terms=key_terms,
            cards=cards,
            window=window,
            article_count=overview.article_count,
            image=hub.image if hub.image_id else None,
        ),
    }
    return render(request, "web/hub.html", context)


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(static("dossiers/favicon.svg"))

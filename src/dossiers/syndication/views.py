"""Feeds, sitemaps and robots.txt, cached under the content token and answered with 304
when the reader already has the current version (ETag or Last-Modified)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.views.decorators.http import require_GET

from dossiers.core.config import conf
from dossiers.core.http.urls import absolute
from dossiers.syndication.feeds import AuthorFeed, EntityFeed, HubFeed, SiteFeed
from dossiers.syndication.sitemaps import SITEMAPS

View = Callable[..., HttpResponse]


def conditional_document(view: View) -> View:
    """Cache a GET view's 200 responses under (content token, path, ?p=); answer
    If-None-Match and If-Modified-Since with 304; send ETag and Last-Modified."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from dossiers.core.freshness import content_token

        token = content_token()
        raw = "\n".join([token, request.path, request.GET.get("p", "")])
        key = "doc:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
        etag = f'"{key[4:]}"'
        stored = cache.get(key)
        if stored is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            if hasattr(response, "render"):
                response.render()
            stored = (response.content, response["Content-Type"], response.get("Last-Modified"))
            cache.set(key, stored, conf().page_cache_seconds)
        content, content_type, last_modified = stored
        modified = parse_http_date_safe(last_modified) if last_modified else None
        answer = HttpResponse(content, content_type=content_type)
        answer["ETag"] = etag
        if last_modified:
            answer["Last-Modified"] = last_modified
        answer["Cache-Control"] = f"public, max-age={conf().page_max_age}"
        return (
            get_conditional_response(request, etag=etag, last_modified=modified, response=answer)
            or answer
        )

    return wrapper


def feed_view(feed_class: type, kind: str) -> View:
    @require_GET
    @conditional_document
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return feed_class(kind)(request, **kwargs)

    view.__name__ = f"{feed_class.__name__.lower()}_{kind}"
    return view


FEEDS = {
    "feed": SiteFeed,
    "hub-feed": HubFeed,
    "author-feed": AuthorFeed,
    "entity-feed": EntityFeed,
}


def _non_empty_sitemaps(request: HttpRequest) -> dict[str, Sitemap]:
    """The sections with at least one URL: an empty <urlset> is not a valid sitemap."""
    sections = {name: sitemap(request) for name, sitemap in SITEMAPS.items()}
    return {name: section for name, section in sections.items() if section.items().exists()}


@require_GET
@conditional_document
def sitemap_index(request: HttpRequest) -> HttpResponse:
    sections = _non_empty_sitemaps(request)
    if not sections:  # nothing published yet; an empty index is not valid either
        raise Http404("Nothing to index yet.")
    response = sitemap_views.index(request, sections, sitemap_url_name="sitemap-section")
    # Django puts the sections on the request's host; they belong on the site's root.
    for item in response.context_data["sitemaps"]:
        parts = urlsplit(item.location)
        item.location = absolute(request, parts.path + (f"?{parts.query}" if parts.query else ""))
    return response


@require_GET
@conditional_document
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, _non_empty_sitemaps(request), section=section)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "",
        f"Sitemap: {absolute(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

"""Feeds, sitemaps and robots.txt. Feeds and sitemaps are cached under the content token
(core.http.caching) and answered with 304 when the reader already has the current version
(ETag or Last-Modified)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import resolve, reverse
from django.views.decorators.http import require_safe

from dossiers.core.config import conf
from dossiers.core.http.caching import cached_response
from dossiers.core.http.urls import absolute
from dossiers.core.params import whole_number_from
from dossiers.syndication.feeds import AuthorFeed, EntityFeed, HubFeed, SiteFeed
from dossiers.syndication.sitemaps import SITEMAPS

View = Callable[..., HttpResponse]


def feed_view(feed_class: type, kind: str) -> View:
    @require_safe
    @cached_response(params=())
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


Sections = dict[str, type[Sitemap[Any]] | Sitemap[Any]]


def _non_empty_sitemaps(request: HttpRequest) -> Sections:
    """The sections with at least one URL: an empty <urlset> is not a valid sitemap."""
    sections = [(name, sitemap(request)) for name, sitemap in SITEMAPS.items()]
    return {name: section for name, section in sections if section.items().exists()}


@require_safe
@cached_response(params=("p",))
def sitemap_index(request: HttpRequest) -> HttpResponse:
    sections = _non_empty_sitemaps(request)
    if not sections:  # nothing published yet; an empty index is not valid either
        raise Http404("Nothing to index yet.")
    response = sitemap_views.index(request, sections, sitemap_url_name="sitemap-section")
    # Django puts the sections on the request's host, and their pages after `?p=N`; they
    # belong on the site's root, and at `sitemap-<section>-<N>.xml` (a static file can
    # hold that address, not a query string).
    for item in (response.context_data or {})["sitemaps"]:
        parts = urlsplit(item.location)
        path, number = (
            parts.path,
            whole_number_from(parse_qs(parts.query).get("p", [""])[0], max_digits=6),
        )
        if number is not None and number > 1:
            section = resolve(path).kwargs["section"]
            path = reverse("sitemap-section-page", kwargs={"section": section, "page": number})
        item.location = absolute(request, path)
    return response


@require_safe
def sitemap_section(request: HttpRequest, section: str, page: str | None = None) -> HttpResponse:
    """One sitemap section; its page N (N > 1) at `sitemap-<section>-<N>.xml`. The old
    `?p=N` answers 301 to that address, `-1.xml` to the section's own."""
    if "p" in request.GET or page is not None:
        number = whole_number_from(request.GET.get("p", page or ""), max_digits=6)
        if number is None or number < 1:
            raise Http404("Sitemap pages are whole numbers from 1.")
        if "p" in request.GET or number == 1:
            kwargs: dict[str, Any] = {"section": section}
            name = "sitemap-section"
            if number > 1:
                name, kwargs["page"] = "sitemap-section-page", number
            return HttpResponsePermanentRedirect(reverse(name, kwargs=kwargs))
        return _sitemap_page(request, section, number)
    return _sitemap_page(request, section, 1)


@cached_response(params=())
def _sitemap_page(request: HttpRequest, section: str, number: int) -> HttpResponse:
    # Django's view reads the page from `?p=`: give it one on a copy of the request.
    query = request.GET.copy()
    query["p"] = str(number)
    request.GET = query  # type: ignore[assignment]
    return sitemap_views.sitemap(request, _non_empty_sitemaps(request), section=section)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        f"Disallow: /{conf().admin_path}",
        "Disallow: /preview/",
        "",
        f"Sitemap: {absolute(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

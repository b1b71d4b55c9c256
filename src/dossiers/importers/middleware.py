"""Old WordPress addresses answer 301 to their new pages.

Runs before any view, so before the page cache: the home page is cached
whole, and `/?p=123` would otherwise get the cached home page. Other old
addresses (`/2013/01/11/slug/`, `/category/news/`, `/author/jo/`, `/feed/`)
are looked up only when the site itself has no page there (a 404), so a
normal request never pays for it.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from dossiers.importers.redirects import legacy_target

QUERY_IDS = ("p", "page_id", "attachment_id", "cat", "tag", "author")


class LegacyRedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and request.path == "/" and request.GET:
            for name in QUERY_IDS:
                value = request.GET.get(name, "")
                if value and len(value) <= 40:
                    target = legacy_target(f"/?{name}={unquote(value)}")
                    if target:
                        return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            target = legacy_target(request.path)
            if target:
                return HttpResponsePermanentRedirect(target)
        return response

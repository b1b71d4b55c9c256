"""Whole-page caching for public pages that are the same for every reader.

A page is stored under the site's content token (core.freshness) with the
query parameters the view reads, so an edit anywhere, or a scheduled article
coming due, makes every stored page stale at once, in every worker. Pages
with a form (CSRF token) are not cached whole; see `cached_fragment`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

from dossiers.core.config import conf

View = Callable[..., HttpResponse]


def _key(token: str, path: str, params: dict[str, str]) -> str:
    raw = "\n".join([token, path, *(f"{k}={v}" for k, v in sorted(params.items()))])
    return "page:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def cached_page(*, params: tuple[str, ...] = ("page",)) -> Callable[[View], View]:
    """Cache a GET view's 200 responses; answer If-None-Match with 304."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            from dossiers.core.freshness import content_token

            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            used = {name: request.GET[name] for name in params if name in request.GET}
            key = _key(content_token(), request.path, used)
            etag = f'"{key[5:]}"'
            if etag in request.headers.get("If-None-Match", ""):
                response: HttpResponse = HttpResponseNotModified()
            else:
                stored = cache.get(key)
                if stored is not None:
                    response = HttpResponse(stored[0], content_type=stored[1])
                else:
                    response = view(request, *args, **kwargs)
                    if response.status_code != 200 or response.streaming:
                        return response
                    cache.set(key, (response.content, response["Content-Type"]), _timeout())
            response["ETag"] = etag
            response["Cache-Control"] = f"public, max-age={conf().page_max_age}"
            return response

        return wrapper

    return decorator


def cached_fragment(token: str, name: str, render: Callable[[], str]) -> str:
    """A piece of a page (HTML) stored under the content token (see content_token())."""
    key = _key(token, f"fragment:{name}", {})
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, _timeout())
    return html


def _timeout() -> int:
    return conf().page_cache_seconds

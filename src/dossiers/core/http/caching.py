"""One response cache and one conditional GET for pages, feeds, sitemaps and the API.

A response is stored in Django's cache under one key: `RESPONSE_VERSION`, the
content token (core.freshness), the site's root (absolute URLs differ from one
host to another), the path and the query parameters the view reads. An edit,
a comment or a scheduled publication moves the token, so every stored
response goes stale at once, in every worker; nothing is ever deleted.

The ETag is the key's digest: a reader who sends it back (If-None-Match) gets
304 for the one token query, before the cache is even read. When the view
set a Last-Modified (feeds, sitemaps), it is stored with the body and
If-Modified-Since is answered too (django.utils.cache.get_conditional_response
decides, as RFC 9110 says: If-None-Match first).

Only 200 responses that are not streamed are stored (errors are recomputed);
TemplateResponses are rendered first. A stored response is the body, its
Content-Type and its Last-Modified: a header the view sets beyond those is
not kept, so set such headers outside the decorator (web's `noindex`).
Hits and misses answer the same bytes and headers.

Pages that hold something per reader (the article page's CSRF token) cannot
be stored whole; they store their shared parts with `cached_fragment`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from dossiers.core.config import conf
from dossiers.core.freshness import content_token
from dossiers.core.http.urls import site_root

# Bumped when stored responses change shape, so that a shared cache (Redis) kept across
# a deployment never serves the old shape under an unchanged token.
RESPONSE_VERSION = "2"

SAFE_METHODS = ("GET", "HEAD")

View = Callable[..., HttpResponse]
# body, Content-Type, Last-Modified (an HTTP date, or None)
Stored = tuple[bytes, str, str | None]


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def response_key(
    request: HttpRequest, *, params: tuple[str, ...] | None = None, token: str | None = None
) -> str:
    """The cache key of a response (its ETag is the part after "response:").

    `params=None` keys on every query parameter; a tuple on those names only (the others,
    `?utm_source=…`, then get the same response).
    """
    names = sorted(request.GET) if params is None else sorted(set(params))
    query = [f"{name}={value}" for name in names for value in request.GET.getlist(name)]
    token = content_token() if token is None else token
    return "response:" + _digest(RESPONSE_VERSION, token, site_root(request), request.path, *query)


def _answer(stored: Stored, etag: str) -> HttpResponse:
    content, content_type, last_modified = stored
    return _validators(HttpResponse(content, content_type=content_type), etag, last_modified)


def _validators(response: HttpResponse, etag: str, last_modified: str | None) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={conf().page_max_age}"
    if last_modified:
        response["Last-Modified"] = last_modified
    return response


def _not_modified(request: HttpRequest, etag: str, last_modified: str | None) -> Any:
    """304 (or 412 for a failed If-Match) when the reader's copy is current, else None."""
    probe = _validators(HttpResponse(), etag, last_modified)
    modified = parse_http_date_safe(last_modified) if last_modified else None
    answer = get_conditional_response(request, etag=etag, last_modified=modified, response=probe)
    return None if answer is probe else answer


def _stored(response: HttpResponse) -> Stored | None:
    """What to keep of a view's response: 200s only, never a stream."""
    if response.status_code != 200 or response.streaming:
        return None
    render = getattr(response, "render", None)
    if render is not None:  # a TemplateResponse (sitemaps); rendering twice is a no-op
        render()
    return response.content, response["Content-Type"], response.get("Last-Modified")


def cached_response(*, params: tuple[str, ...] | None = None) -> Callable[[View], View]:
    """Cache a view's 200 responses to GET and HEAD and answer conditional requests (304).

    `params`: the query parameters the view reads (None: all of them). Other methods go
    to the view untouched. Used by every public page that is the same for every reader,
    every feed and sitemap, and (as a ninja view decorator) every API operation.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in SAFE_METHODS:
                return view(request, *args, **kwargs)
            key = response_key(request, params=params)
            etag = f'"{key.removeprefix("response:")}"'
            if "If-None-Match" in request.headers:  # the ETag alone decides: no cache read
                answer = _not_modified(request, etag, None)
                if answer is not None:
                    return answer
            stored: Stored | None = cache.get(key)
            if stored is None:
                response = view(request, *args, **kwargs)
                stored = _stored(response)
                if stored is None:
                    return response
                cache.set(key, stored, conf().page_cache_seconds)
            return _not_modified(request, etag, stored[2]) or _answer(stored, etag)

        return wrapper

    return decorator


def cached_fragment(
    request: HttpRequest, name: str, render: Callable[[], str], *, token: str | None = None
) -> str:
    """A piece of a page (HTML) stored like a response: under the content token and the
    site's root (a fragment may hold absolute URLs), by `name` ("article:12").

    A page that stores several fragments reads the token once and passes it.
    """
    token = content_token() if token is None else token
    key = "fragment:" + _digest(RESPONSE_VERSION, token, site_root(request), name)
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, conf().page_cache_seconds)
    return html

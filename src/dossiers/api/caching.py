"""Conditional GET and a response cache for every API operation, under the content token.

The ETag is a digest of the site's content token (core.freshness), the public address,
the path and the query string: the same request gets the same bytes until an edit, a
comment or a scheduled publication moves the token, in every worker at once. A client
that sends the ETag back (If-None-Match) gets 304 for one token query; other requests
are answered from the cache (one token query too) or computed and stored. Only 200s
are stored; errors are recomputed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response

from dossiers.core.config import conf
from dossiers.core.freshness import content_token
from dossiers.core.http.urls import site_root

# Bumped when responses change shape, so that a shared cache (Redis) kept across a
# deployment never serves the old shape under an unchanged token.
RESPONSE_VERSION = "1"


def response_key(request: HttpRequest, token: str) -> str:
    query = sorted(request.GET.lists())
    raw = "\n".join(
        [
            RESPONSE_VERSION,
            token,
            site_root(request),
            request.path,
            *(f"{name}={value}" for name, values in query for value in values),
        ]
    )
    return "api:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def _validators(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={conf().page_max_age}"
    return response


def conditional_cached(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a ninja operation's `run` (api.add_decorator(..., mode="view"))."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = response_key(request, content_token())
        etag = f'"{key[4:]}"'
        probe = _validators(HttpResponse(), etag)
        answer = get_conditional_response(request, etag=etag, response=probe)
        if answer is not probe:  # 304 (or 412 for a failed If-Match)
            return answer
        stored = cache.get(key)
        if stored is not None:
            return _validators(HttpResponse(stored[0], content_type=stored[1]), etag)
        response = run(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), conf().page_cache_seconds)
            _validators(response, etag)
        return response

    return wrapper

"""The read API (/api/v1/): one NinjaAPI with a router per resource.

Every operation is GET/HEAD only, runs behind the rate limit (ratelimit.py, a
middleware) and inside `core.http.caching.cached_response` (ETag, 304, responses cached
under the content token, like the site's pages). The schema is built once per process and
served with an ETag.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI, Router
from ninja.renderers import JSONRenderer

from dossiers.api.docs import OfflineSwagger, fingerprinted
from dossiers.api.endpoints import articles, authors, entities, hubs, search
from dossiers.api.operations import read
from dossiers.api.schemas import IndexOut
from dossiers.core.config import conf
from dossiers.core.http.caching import cached_response
from dossiers.core.http.urls import absolute

DESCRIPTION = """\
Read-only access to the published site: hubs with their key entities and the reason
each article is on them, articles with their authors, entities (salience, about or
mentions) and approved comments, authors, and the knowledge base's entities with their
other names and sameAs links. Drafts, scheduled articles, draft hubs and unapproved
comments are never shown; commenters' e-mail addresses never are.

**Pages**: lists take `page` (from 1) and `page_size` (default {default}, at most {max})
and answer `count`, `num_pages` and absolute `next`/`previous` links; a page past the
last is a 404. **Caching**: every answer has an ETag; send it in `If-None-Match` for a
304 while nothing on the site has changed. **Rate limit**: per client address
(`{rate}` here); over it, 429 with `Retry-After`. Invalid parameters are a 422 naming
the parameter.
"""


class DossiersAPI(NinjaAPI):
    """NinjaAPI with HEAD left out of the schema (it mirrors GET), the schema memoised, and
    operations named after their functions ("article_list")."""

    def get_openapi_operation_id(self, operation: Any) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        key = repr(sorted(kwargs.items()))
        memo: dict[str, Any] = self.__dict__.setdefault("_schema_memo", {})
        if key not in memo:
            schema = super().get_openapi_schema(**kwargs)
            for operations in schema["paths"].values():
                operations.pop("head", None)
            memo[key] = schema
        return memo[key]


class Utf8JSONRenderer(JSONRenderer):
    """Names and text as UTF-8 ("Türkiye"), not \\u escapes: smaller, and readable."""

    json_dumps_params = {"ensure_ascii": False}


def build_api() -> DossiersAPI:
    api = DossiersAPI(
        title=f"{conf().site_name} read API",
        version="1",
        description=DESCRIPTION.format(
            default=conf().api_page_size,
            max=conf().api_max_page_size,
            rate=conf().api_rate,
        ),
        docs=OfflineSwagger(),
        docs_decorator=fingerprinted,
        urls_namespace="api-v1",
        renderer=Utf8JSONRenderer(),
    )
    # Every parameter is part of the key: an API answer depends on all of them.
    api.add_decorator(cached_response(params=None), mode="view")
    api.add_exception_handler(Http404, partial(not_found, api))
    index = Router(tags=["index"])
    read(index, "/", IndexOut, summary="What this API holds")(api_index)
    for router in (
        index,
        hubs.router,
        articles.router,
        authors.router,
        entities.router,
        search.router,
    ):
        api.add_router("", router)
    return api


def not_found(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    """A 404 (core.http.found) as `{"detail": "No published hub has the slug 'x'."}`: the
    message says what was not found (ninja's own handler says only "Not Found")."""
    return api.create_response(request, {"detail": str(exc) or "Not Found"}, status=404)


def api_index(request: HttpRequest) -> dict:
    """Where the lists, the schema and the docs are."""

    def link(name: str) -> str:
        return absolute(request, reverse(f"api-v1:{name}"))

    return {
        "hubs": link("hub_list"),
        "articles": link("article_list"),
        "authors": link("author_list"),
        "entities": link("entity_list"),
        "search": link("search"),
        "openapi": link("openapi-json"),
        "docs": link("openapi-view"),
        "page_size": {
            "default": conf().api_page_size,
            "max": conf().api_max_page_size,
        },
    }


api = build_api()

"""Search: the site's full-text search (`search.selectors.search_run`) as a list.

The same search as `/search/`: relevance first, recency as tie-breaker; quoted phrases
and a prefix on the last word; a query naming an entity also finds the articles that
use its other names, and the entity comes back in `entities`. A query that cannot be
searched (empty, punctuation only, too long) is not an error: it answers an empty list
with a `message` saying why, like the page does.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router

from dossiers.api import present
from dossiers.api.endpoints.articles import ArticleFilters, filter_spec
from dossiers.api.operations import read
from dossiers.api.pagination import PageParams, page_meta
from dossiers.api.schemas import SearchPage
from dossiers.search.selectors import MatchedEntity, search_run

router = Router(tags=["search"])

# Longer text is refused by the search itself with a message; this only bounds the URL.
MAX_QUERY = 10_000


class SearchFilters(ArticleFilters):
    """The filters of /articles, and the query."""

    q: str = Field(
        "",
        max_length=MAX_QUERY,
        description='What to look for: words, "quoted phrases"; the last word is also '
        "read as a prefix.",
        json_schema_extra={"example": "strategic autonomy"},
    )


def _entity(request: HttpRequest, entity: MatchedEntity) -> dict:
    return {
        "name": entity.name,
        "slug": entity.slug,
        "url": present.page_url(request, "entity", entity.slug),
        "definition": entity.definition,
        "aliases": list(entity.aliases),
        "key_to": [
            present.hub_ref(request, name=hub.name, headline=hub.headline, slug=hub.slug)
            for hub in entity.hubs
        ],
    }


@read(router, "/search", SearchPage, summary="Search the articles")
def search(request: HttpRequest, filters: Query[SearchFilters], paging: Query[PageParams]) -> dict:
    """Published articles matching the query, most relevant first, with highlighted
    snippets; the entities the query names come first in `entities`."""
    filter_spec(filters)  # an unknown hub, author or entity is a 404 that names it
    outcome = search_run(
        query=filters.q,
        hub=filters.hub or "",
        author=filters.author or "",
        entity=filters.entity or "",
        date_from=filters.date_from,
        date_to=filters.date_to,
        offset=paging.offset,
        limit=paging.page_size,
    )
    return {
        **page_meta(request, paging, outcome.total),
        "query": outcome.query,
        "message": outcome.message,
        "capped": outcome.capped,
        "entities": [_entity(request, entity) for entity in outcome.entities],
        "results": [
            present.card(request, hit.card, snippet_html=hit.snippet_html, score=hit.score)
            for hit in outcome.hits
        ],
    }

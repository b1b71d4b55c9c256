"""Entities of the knowledge base: the list, one entity, and the articles that name it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from dossiers.api import present
from dossiers.api.lookups import entity_or_404, entity_row_or_404
from dossiers.api.operations import read, slug_param
from dossiers.api.pagination import PageParams, page_check, page_meta
from dossiers.api.schemas import EntityArticlePage, EntityDetailOut, EntityPage
from dossiers.hubs import selectors as hub_reads
from dossiers.knowledge import selectors as knowledge
from dossiers.knowledge.models import EntityType

router = Router(tags=["entities"])

ENTITY_SLUG = "turkey-nato"


class EntityFilters(Schema):
    type: EntityType | None = Field(None, description="Only entities of this type.")


@read(router, "/entities", EntityPage, summary="List the entities")
def entity_list(
    request: HttpRequest, filters: Query[EntityFilters], paging: Query[PageParams]
) -> dict:
    """The knowledge base by name: type, one-line definition and other names."""
    kind = filters.type.value if filters.type else None
    total = knowledge.entity_list_count(entity_type=kind)
    page_check(paging, total)
    rows = knowledge.entity_list_page(
        offset=paging.offset, limit=paging.page_size, entity_type=kind
    )
    return {
        **page_meta(request, paging, total),
        "results": [
            {
                "name": e.name,
                "slug": e.slug,
                "type": e.type,
                "url": present.page_url(request, "entity", e.slug),
                "definition": e.definition,
                "aliases": list(e.aliases),
            }
            for e in rows
        ],
    }


@read(router, "/entities/{slug}", EntityDetailOut, summary="One entity")
def entity_detail(request: HttpRequest, slug: str = slug_param(ENTITY_SLUG)) -> dict:
    """Type, definition, description, other names, sameAs links and the hubs it is key to."""
    entity = entity_or_404(slug)
    return {
        "name": entity.name,
        "slug": entity.slug,
        "type": entity.type,
        "url": present.page_url(request, "entity", entity.slug),
        "definition": entity.definition,
        "aliases": [a.text for a in entity.aliases.all() if a.text != entity.name],
        "description_html": entity.description_html,
        "same_as": [link for link in entity.same_as or [] if isinstance(link, str)],
        "key_to": [
            present.hub_ref(request, name=t.name, headline=t.headline, slug=t.slug)
            for t in hub_reads.hubs_for_entity(entity=entity)
        ],
        "article_count": knowledge.entity_article_count(entity=entity),
    }


@read(router, "/entities/{slug}/articles", EntityArticlePage, summary="Articles naming an entity")
def entity_articles(
    request: HttpRequest, paging: Query[PageParams], slug: str = slug_param(ENTITY_SLUG)
) -> dict:
    """Published analyses that name the entity, newest first, with how salient it is in each
    (about it, or mentioning it in passing)."""
    entity = entity_row_or_404(slug)
    now = timezone.now()
    total = knowledge.entity_article_count(entity=entity, now=now)
    page_check(paging, total)
    rows = knowledge.entity_mention_page(
        entity=entity, offset=paging.offset, limit=paging.page_size, now=now
    )
    return {
        **page_meta(request, paging, total),
        "results": [
            present.card(
                request,
                r.card,
                salience=r.salience,
                mention_count=r.mention_count,
                relation=present.relation(r.is_about),
            )
            for r in rows
        ],
    }

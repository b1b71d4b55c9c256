"""The thing a path or a filter names, or a 404 that says which slug was not found.

Drafts, scheduled articles and draft hubs are "not found" like slugs that never existed.
"""

from __future__ import annotations

from ninja.errors import HttpError

from dossiers.hubs import selectors as hub_reads
from dossiers.hubs.models import Hub
from dossiers.knowledge import selectors as knowledge
from dossiers.knowledge.models import Entity
from dossiers.publishing import selectors as publishing
from dossiers.publishing.models import Article, Author


def hub_or_404(slug: str) -> Hub:
    hub = hub_reads.hub_get(slug=slug)
    if hub is None:
        raise HttpError(404, f"No published hub has the slug {slug!r}.")
    return hub


def article_or_404(slug: str) -> Article:
    article = publishing.article_visible_get(slug=slug)
    if article is None:
        raise HttpError(404, f"No published article has the slug {slug!r}.")
    return article


def author_or_404(slug: str) -> Author:
    author = publishing.author_get(slug=slug)
    if author is None:
        raise HttpError(404, f"No author has the slug {slug!r}.")
    return author


def entity_or_404(slug: str) -> Entity:
    """The entity with its aliases (2 queries)."""
    entity = knowledge.entity_get(slug=slug)
    if entity is None:
        raise HttpError(404, f"No entity has the slug {slug!r}.")
    return entity


def entity_row_or_404(slug: str) -> Entity:
    """The entity's row alone, for a filter (1 query)."""
    entity = Entity.objects.filter(slug=slug).only("id").first()
    if entity is None:
        raise HttpError(404, f"No entity has the slug {slug!r}.")
    return entity

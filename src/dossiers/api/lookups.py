"""The thing a path or a filter names, or a 404 that says which slug was not found.

Drafts, scheduled articles and draft hubs are "not found" like slugs that never existed.
The 404s are `core.http.found`'s Http404, which the API answers as `{"detail": message}`
(api.api.not_found).
"""

from __future__ import annotations

from typing import Any

from dossiers.core.http import found
from dossiers.hubs import selectors as hub_reads
from dossiers.hubs.models import Hub
from dossiers.hubs.selectors import HubPage
from dossiers.knowledge import selectors as knowledge
from dossiers.knowledge.models import Entity
from dossiers.publishing import selectors as publishing
from dossiers.publishing.models import Article, Author


def _no_hub(slug: str) -> str:
    return f"No published hub has the slug {slug!r}."


def hub_or_404(slug: str) -> Hub:
    return found(hub_reads.hub_get(slug=slug), _no_hub(slug))


def hub_page_or_404(slug: str, **options: Any) -> HubPage:
    """The hub's page (hubs.selectors.hub_page_get, given `options`), as the site shows it."""
    return found(hub_reads.hub_page_get(slug=slug, **options), _no_hub(slug))


def article_or_404(slug: str) -> Article:
    return found(
        publishing.article_visible_get(slug=slug),
        f"No published article has the slug {slug!r}.",
    )


def author_or_404(slug: str) -> Author:
    return found(publishing.author_get(slug=slug), f"No author has the slug {slug!r}.")


def entity_or_404(slug: str) -> Entity:
    """The entity with its aliases (2 queries)."""
    return found(knowledge.entity_get(slug=slug), f"No entity has the slug {slug!r}.")


def entity_row_or_404(slug: str) -> Entity:
    """The entity's row alone, for a filter (1 query)."""
    return found(knowledge.entity_row_get(slug=slug), f"No entity has the slug {slug!r}.")

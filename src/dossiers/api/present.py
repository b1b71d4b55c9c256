"""Selector results as response data: absolute page URLs, flags in words."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from dossiers.core.http.urls import absolute
from dossiers.publishing.selectors import Byline, Card


def page_url(request: HttpRequest, route: str, slug: str) -> str:
    """The public page of a hub, article, author or entity, as an absolute URL."""
    return absolute(request, reverse(route, args=[slug]))


def relation(is_about: bool) -> str:
    return "about" if is_about else "mentions"


def bylines(request: HttpRequest, authors: tuple[Byline, ...] | list[Byline]) -> list[dict]:
    return [
        {"name": b.name, "slug": b.slug, "url": page_url(request, "author", b.slug)}
        for b in authors
    ]


def card(request: HttpRequest, item: Card, **extra: Any) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "title": item.title,
        "url": page_url(request, "article", item.slug),
        "summary": item.summary,
        "published_at": item.published_at,
        "comment_count": item.comment_count,
        "authors": bylines(request, item.authors),
        **extra,
    }


def hub_ref(request: HttpRequest, *, name: str, headline: str, slug: str) -> dict[str, Any]:
    return {"name": name, "headline": headline, "slug": slug, "url": page_url(request, "hub", slug)}

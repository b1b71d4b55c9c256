"""Sitemaps (django.contrib.sitemaps): an index and one sitemap per page type, split at
DOSSIERS_SITEMAP_LIMIT URLs (50,000, the sitemaps.org limit). Thin hubs stay out."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from dossiers.core.config import conf
from dossiers.core.http.urls import site_root
from dossiers.syndication import selectors


class _Base(Sitemap):
    """A section of the sitemap, made for one request: its URLs are on the site's root
    (core.http.urls.site_root), not on whatever host the request came through."""

    route = ""

    def items(self) -> QuerySet[Any, Any]:
        raise NotImplementedError

    def __init__(self, request: HttpRequest | None = None) -> None:
        self.request = request

    @property
    def limit(self) -> int:  # type: ignore[override]
        return conf().sitemap_limit

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(site_root(self.request)).scheme

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(site_root(self.request)).netloc

    def location(self, item: Any) -> str:
        return reverse(self.route, args=[item.slug])

    def lastmod(self, item: Any) -> Any:
        return item[1]


class ArticleSitemap(_Base):
    route = "article"

    def items(self) -> QuerySet[Any, Any]:
        return selectors.sitemap_articles()


class HubSitemap(_Base):
    route = "hub"

    def items(self) -> QuerySet[Any, Any]:
        return selectors.indexable_hubs()


class AuthorSitemap(_Base):
    route = "author"

    def items(self) -> QuerySet[Any, Any]:
        return selectors.sitemap_authors()


class EntitySitemap(_Base):
    route = "entity"

    def items(self) -> QuerySet[Any, Any]:
        return selectors.sitemap_entities()


class PageSitemap(_Base):
    route = "page"

    def items(self) -> QuerySet[Any, Any]:
        return selectors.sitemap_pages()


SITEMAPS: dict[str, type[_Base]] = {
    "articles": ArticleSitemap,
    "hubs": HubSitemap,
    "authors": AuthorSitemap,
    "entities": EntitySitemap,
    "pages": PageSitemap,
}

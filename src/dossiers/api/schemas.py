"""What the API answers: one schema per shape, documented in the OpenAPI schema.

Every URL in a response is absolute (DOSSIERS_SITE_URL, else the request's host); `url` is
the public page of the thing, the identifiers to ask the API for more are slugs.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict

from dossiers.api.pagination import PageMeta

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value: object) -> object:
    """Only YYYY-MM-DD: pydantic alone would also read "0" as a Unix timestamp."""
    if isinstance(value, str) and not _ISO_DAY.match(value):
        raise ValueError("write a day as YYYY-MM-DD")
    return value


IsoDay = Annotated[dt.date, BeforeValidator(_iso_day)]


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, and what to do about it.")


class ValidationIssue(Schema):
    model_config = ConfigDict(extra="allow")

    type: str
    loc: list[str | int] = Field(description='Where: ["query", "page"], ["path", "slug"]…')
    msg: str


class ValidationErrorOut(Schema):
    detail: list[ValidationIssue]


# --- Shared parts ---------------------------------------------------------------------


class BylineOut(Schema):
    name: str
    slug: str
    url: str


class ArticleCardOut(Schema):
    """An article as lists show it."""

    slug: str
    title: str
    url: str
    summary: str
    published_at: dt.datetime
    comment_count: int = Field(description="Approved comments.")
    authors: list[BylineOut] = Field(description="The byline, in order.")


class HubRefOut(Schema):
    name: str
    headline: str
    slug: str
    url: str


# --- Hubs -----------------------------------------------------------------------------


class HubOut(HubRefOut):
    article_count: int = Field(description="Published analyses on the hub.")


class HubPage(PageMeta):
    results: list[HubOut]


class KeyEntityOut(Schema):
    name: str
    slug: str
    url: str
    definition: str
    aliases: list[str] = Field(description="Other names, as readers meet them.")
    same_as: list[str] = Field(description="The same thing elsewhere (Wikidata, Wikipedia).")


class CoveredOut(Schema):
    name: str
    url: str
    article_count: int


class HubDetailOut(HubOut):
    intro_html: str = Field(
        description="The editors' intro, or one composed from the key entities."
    )
    key_entities: list[KeyEntityOut] = Field(description="In the editors' order.")
    first_published: dt.datetime | None = Field(description="The oldest analysis on the hub.")
    last_published: dt.datetime | None = Field(description="The newest analysis on the hub.")
    also_covers: list[CoveredOut] = Field(
        description="Entities beyond the key ones that weigh most across the hub's analyses."
    )


class HubArticleOut(ArticleCardOut):
    reason: str = Field(
        description='Why the article is on the hub: "about Turkey (title, 3 mentions)".'
    )
    pinned: bool = Field(description="Pinned by an editor: listed first.")


class HubArticlePage(PageMeta):
    results: list[HubArticleOut]


# --- Articles -------------------------------------------------------------------------


class ArticlePage(PageMeta):
    results: list[ArticleCardOut]


class ArticleEntityOut(Schema):
    name: str
    slug: str
    type: str
    url: str
    salience: float = Field(
        description="0 to 1: title, subject of the lead, lead, share of mentions, earliness."
    )
    mention_count: int
    in_title: bool
    relation: Literal["about", "mentions"] = Field(
        description="about: the article is about the entity; mentions: in passing."
    )


class ArticleHubOut(HubRefOut):
    reason: str
    pinned: bool


class ArticleOut(Schema):
    slug: str
    title: str
    url: str
    canonical_url: str = Field(description="Where the article first appeared, else its page.")
    summary: str
    body_html: str = Field(description="Sanitised HTML: no scripts, no event handlers.")
    word_count: int
    published_at: dt.datetime
    updated_at: dt.datetime
    authors: list[BylineOut]
    entities: list[ArticleEntityOut] = Field(description="Most salient first.")
    hubs: list[ArticleHubOut]
    comment_count: int = Field(description="Approved comments.")


class CommentOut(Schema):
    id: int
    parent_id: int | None = Field(description="The comment this one replies to, or null.")
    depth: int = Field(description="0 for a comment, 1 for a reply, and so on.")
    name: str
    url: str | None = Field(description="The commenter's site, if they gave one.")
    body_html: str
    created_at: dt.datetime


class CommentPage(PageMeta):
    results: list[CommentOut] = Field(
        description="Thread order: each reply right after its parent, oldest first at each level."
    )


# --- Authors --------------------------------------------------------------------------


class AuthorOut(Schema):
    name: str
    slug: str
    url: str
    article_count: int = Field(description="Published analyses.")


class AuthorPage(PageMeta):
    results: list[AuthorOut]


class AuthorDetailOut(AuthorOut):
    bio_html: str
    links: list[str]


# --- Entities -------------------------------------------------------------------------


class EntityOut(Schema):
    name: str
    slug: str
    type: str
    url: str
    definition: str
    aliases: list[str]


class EntityPage(PageMeta):
    results: list[EntityOut]


class EntityDetailOut(EntityOut):
    description_html: str
    same_as: list[str]
    key_to: list[HubRefOut] = Field(description="Published hubs this entity is a key entity of.")
    article_count: int = Field(description="Published analyses that name it.")


class EntityArticleOut(ArticleCardOut):
    salience: float
    mention_count: int
    relation: Literal["about", "mentions"]


class EntityArticlePage(PageMeta):
    results: list[EntityArticleOut]


# --- The index ------------------------------------------------------------------------


class PageSizeOut(Schema):
    default: int
    max: int


class IndexOut(Schema):
    hubs: str
    articles: str
    authors: str
    entities: str
    search: str
    openapi: str
    docs: str
    page_size: PageSizeOut


class SearchHitOut(ArticleCardOut):
    snippet_html: str = Field(
        description="A passage around the matches: escaped text with <mark> around them."
    )
    score: float = Field(description="Relevance (higher is better), comparable within a search.")


class SearchEntityOut(Schema):
    name: str
    slug: str
    url: str
    definition: str
    aliases: list[str] = Field(description="Its other names, searched too.")
    key_to: list[HubRefOut] = Field(description="Published hubs it is a key entity of.")


class SearchPage(PageMeta):
    query: str = Field(description="The query as it was read.")
    message: str = Field(
        description="Why nothing was searched, or how the query was read; empty when all is well."
    )
    capped: bool = Field(
        description="More articles match than are ranked: `count` counts the newest matches."
    )
    entities: list[SearchEntityOut] = Field(description="Entities the query names.")
    results: list[SearchHitOut]

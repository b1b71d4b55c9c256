"""Test data built through the real services, so derived fields are always right."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from dossiers.comments.models import Comment, CommentStatus
from dossiers.comments.services import comment_counts_refresh, comment_record
from dossiers.hubs.models import Hub
from dossiers.hubs.services import hub_save
from dossiers.knowledge.models import Entity
from dossiers.knowledge.services import AliasInput, entity_save
from dossiers.pipeline.services import article_save
from dossiers.publishing.models import Article, ArticleStatus, Author
from dossiers.publishing.services import author_save


class AuthorFactory(factory.Factory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author Number{n}")
    bio = "Writes about *defence*."
    links: list[str] = []

    @classmethod
    def _create(cls, model_class: type, **kwargs: Any) -> Author:
        return author_save(**kwargs)


class EntityFactory(factory.Factory):
    class Meta:
        model = Entity

    name = factory.Sequence(lambda n: f"Entity{n}")
    type = "concept"
    definition = factory.LazyAttribute(lambda o: f"{o.name} is a thing analysts write about.")
    aliases: list[Any] = []

    @classmethod
    def _create(cls, model_class: type, **kwargs: Any) -> Entity:
        aliases = [a if isinstance(a, AliasInput) else AliasInput(a) for a in kwargs.pop("aliases")]
        return entity_save(aliases=aliases, **kwargs)


class ArticleFactory(factory.Factory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Analysis number {n}")
    body = "A paragraph of analysis.\n\nAnother paragraph."
    summary = ""
    status = ArticleStatus.PUBLISHED
    published_at = factory.Sequence(lambda n: timezone.now() - dt.timedelta(days=1, minutes=n))
    authors = factory.LazyFunction(lambda: [AuthorFactory()])

    @classmethod
    def _create(cls, model_class: type, **kwargs: Any) -> Article:
        return article_save(**kwargs)


class HubFactory(factory.Factory):
    class Meta:
        model = Hub

    name = factory.Sequence(lambda n: f"Hub {n}")
    headline = "A headline for the hub"
    intro = "An introduction to the hub."
    status = "published"
    key_entities: list[Entity] = []
    rule_mode = "any"
    min_salience = 0.25
    published_from = None
    published_until = None

    @classmethod
    def _create(cls, model_class: type, **kwargs: Any) -> Hub:
        return hub_save(**kwargs)


def make_comment(
    article: Article,
    *,
    status: str = CommentStatus.APPROVED,
    parent: Comment | None = None,
    body: str = "A considered reply.",
    name: str = "Reader",
    email: str = "reader@example.net",
    created_at: dt.datetime | None = None,
) -> Comment:
    comment = comment_record(
        article=article,
        parent=parent,
        name=name,
        email=email,
        body=body,
        status=status,
        created_at=created_at or timezone.now(),
    )
    comment_counts_refresh(article_ids=[article.pk])
    return comment

"""One write path per aggregate: saving through the desk (the admin) and through the service
gives the same rows, derived rows included.

Each case runs the admin's form and the service with the same input, each in a savepoint
that is rolled back afterwards, and compares what the database held in between (ids of
the new object itself left out).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from dossiers.comments.models import Comment
from dossiers.comments.services import comment_edit
from dossiers.hubs.models import Hub
from dossiers.hubs.services import hub_save
from dossiers.knowledge.models import Alias, Entity, KnowledgeVersion
from dossiers.knowledge.services import AliasInput, entity_save
from dossiers.pipeline.services import article_save
from dossiers.publishing.models import Article, Author
from dossiers.publishing.services import author_save
from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, HubFactory, make_comment

pytestmark = pytest.mark.django_db
WHEN = dt.datetime(2025, 6, 1, 10, 0, tzinfo=dt.UTC)


def rows_after(write: Callable[[], Any], snapshot: Callable[[], dict]) -> dict:
    """What `snapshot` reads after `write`, with the database left as it was."""
    with transaction.atomic():
        write()
        taken = snapshot()
        transaction.set_rollback(True)
    return taken


def formset(prefix: str, rows: list[dict[str, Any]], initial: int = 0) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{name}": str(value) for name, value in row.items()})
    return data


def posted(admin_client, url: str, data: dict[str, Any]) -> Callable[[], None]:
    def write() -> None:
        response = admin_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]

    return write


# --- Articles -------------------------------------------------------------------------


def article_rows() -> dict:
    article = Article.objects.get(title="Insurers and the Black Sea")
    return {
        "article": Article.objects.filter(pk=article.pk)
        .values(
            "title",
            "slug",
            "summary",
            "body",
            "body_html",
            "body_text",
            "word_count",
            "status",
            "published_at",
            "canonical_url",
        )
        .get(),
        "byline": list(article.bylines.values_list("author_id", "position")),
        "mentions": sorted(
            article.mentions.values_list("entity_id", "count", "salience", "is_about")
        ),
        "hubs": sorted(article.memberships.values_list("hub_id", "reason", "is_pinned")),
    }


def test_an_article_saved_in_the_desk_is_the_article_the_pipeline_saves(admin_client):
    sea = EntityFactory(name="Black Sea", aliases=["Black Sea basin"])
    HubFactory(name="Black Sea Security", key_entities=[sea])
    first, second = AuthorFactory(name="Mira Kovač"), AuthorFactory(name="Daniel Okafor")
    body = "The **Black Sea** basin: insurers, mines and the Black Sea fleet."
    form = {
        "title": "Insurers and the Black Sea",
        "slug": "insurers-black-sea",
        "summary": "",
        "body": body,
        "status": "published",
        "published_at_0": "2025-06-01",
        "published_at_1": "10:00:00",
        "canonical_url": "",
        **formset(
            "bylines",
            [{"author": second.pk, "position": 1}, {"author": first.pk, "position": 0}],
        ),
    }
    through_desk = rows_after(
        posted(admin_client, "/admin/publishing/article/add/", form), article_rows
    )
    through_service = rows_after(
        lambda: article_save(
            title="Insurers and the Black Sea",
            slug="insurers-black-sea",
            body=body,
            authors=[first, second],
            status="published",
            published_at=WHEN,
        ),
        article_rows,
    )
    assert through_desk == through_service
    assert through_desk["byline"] == [(first.pk, 0), (second.pk, 1)]
    assert through_desk["hubs"] and through_desk["mentions"]


def test_editing_an_article_in_the_desk_keeps_the_same_derived_rows(admin_client):
    EntityFactory(name="Black Sea")
    author = AuthorFactory()
    article = ArticleFactory(
        title="Insurers and the Black Sea", body="Nothing yet.", authors=[author], published_at=WHEN
    )
    byline = article.bylines.get()
    form = {
        "title": article.title,
        "slug": article.slug,
        "summary": "",
        "status": "published",
        "body": "Now the Black Sea, twice: the Black Sea.",
        "canonical_url": "",
        "published_at_0": "2025-06-01",
        "published_at_1": "10:00:00",
        **formset("bylines", [{"id": byline.pk, "author": author.pk, "position": 0}], 1),
    }
    through_desk = rows_after(
        posted(admin_client, f"/admin/publishing/article/{article.pk}/change/", form),
        article_rows,
    )
    through_service = rows_after(
        lambda: article_save(
            article=Article.objects.get(pk=article.pk),
            title=article.title,
            slug=article.slug,
            body="Now the Black Sea, twice: the Black Sea.",
            authors=[author],
            status="published",
            published_at=WHEN,
        ),
        article_rows,
    )
    assert through_desk == through_service and through_desk["mentions"]


def test_an_author_saved_in_the_desk_is_the_author_the_service_saves(admin_client):
    def rows() -> dict:
        return (
            Author.objects.filter(slug="mira-kovac")
            .values("name", "slug", "bio", "bio_html", "links")
            .get()
        )

    form = {
        "name": "  Mira   Kovač ",
        "slug": "mira-kovac",
        "bio": "Writes on *ports*.",
        "links": '["https://example.org/mira"]',
    }
    through_desk = rows_after(posted(admin_client, "/admin/publishing/author/add/", form), rows)
    through_service = rows_after(
        lambda: author_save(
            name="  Mira   Kovač ",
            slug="mira-kovac",
            bio="Writes on *ports*.",
            links=["https://example.org/mira"],
        ),
        rows,
    )
    assert through_desk == through_service
    assert through_desk["name"] == "Mira Kovač" and "<em>ports</em>" in through_desk["bio_html"]


# --- Hubs -----------------------------------------------------------------------------


def test_a_hub_saved_in_the_desk_is_the_hub_the_service_saves(admin_client):
    sea, straits = EntityFactory(name="Black Sea"), EntityFactory(name="Bosporus")
    collected = ArticleFactory(title="The Black Sea in winter", body="The Black Sea.")
    pinned = ArticleFactory(title="A note on shipping", body="Nothing named.")
    excluded = ArticleFactory(title="The Bosporus and the Black Sea", body="Bosporus.")

    def rows() -> dict:
        hub = Hub.objects.get(slug="sea-lanes")
        return {
            "hub": Hub.objects.filter(pk=hub.pk)
            .values(
                "name",
                "headline",
                "slug",
                "intro",
                "intro_html",
                "status",
                "rule_mode",
                "min_salience",
                "published_from",
                "published_until",
            )
            .get(),
            "keys": list(hub.key_links.values_list("entity_id", "position")),
            "pinned": sorted(hub.pinned_articles.values_list("pk", flat=True)),
            "excluded": sorted(hub.excluded_articles.values_list("pk", flat=True)),
            "members": sorted(hub.memberships.values_list("article_id", "reason", "is_pinned")),
        }

    form = {
        "name": "Sea lanes",
        "headline": "Who passes, who pays",
        "slug": "sea-lanes",
        "status": "published",
        "intro": "Straits and *seas*.",
        "collect_mentions": "on",
        "rule_mode": "any",
        "min_salience": "0.25",
        "published_from": "",
        "published_until": "",
        "pinned_articles": [pinned.pk],
        "excluded_articles": [excluded.pk],
        **formset(
            "key_links", [{"entity": straits.pk, "position": 1}, {"entity": sea.pk, "position": 0}]
        ),
        **formset("memberships", []),
    }
    through_desk = rows_after(posted(admin_client, "/admin/hubs/hub/add/", form), rows)
    through_service = rows_after(
        lambda: hub_save(
            name="Sea lanes",
            headline="Who passes, who pays",
            slug="sea-lanes",
            status="published",
            intro="Straits and *seas*.",
            key_entities=[sea, straits],
            pinned=[pinned],
            excluded=[excluded],
        ),
        rows,
    )
    assert through_desk == through_service
    members = {article_id for article_id, _, _ in through_desk["members"]}
    assert members == {collected.pk, pinned.pk}


# --- Entities -------------------------------------------------------------------------


def test_an_entity_saved_in_the_desk_is_the_entity_the_service_saves(admin_client):
    article = ArticleFactory(title="Sky Shield debate", body="Sky Shield again.")
    version = KnowledgeVersion.objects.values_list("version", flat=True).first()

    def rows() -> dict:
        entity = Entity.objects.get(slug="essi")
        changed = KnowledgeVersion.objects.values_list("version", flat=True).get() != version
        return {
            "entity": Entity.objects.filter(pk=entity.pk)
            .values(
                "name",
                "slug",
                "type",
                "definition",
                "description",
                "description_html",
                "same_as",
                "wikidata_id",
            )
            .get(),
            "aliases": list(
                Alias.objects.filter(entity=entity)
                .order_by("position")
                .values_list("text", "case_sensitive", "context_only", "position")
            ),
            "knowledge_base_changed": changed,
        }

    form = {
        "name": "European Sky Shield Initiative",
        "slug": "essi",
        "type": "programme",
        "definition": "A European  air defence\n purchasing club.",
        "description": "Led by *Germany*.",
        "same_as": '["https://www.wikidata.org/wiki/Q112781410"]',
        "wikidata_id": "",
        **formset(
            "aliases",
            [
                {"text": "Sky Shield", "position": 0},
                {"text": "ESSI", "case_sensitive": "on", "position": 1},
                {"text": "European Sky Shield Initiative", "position": 2},  # the name itself
            ],
        ),
    }
    through_desk = rows_after(posted(admin_client, "/admin/knowledge/entity/add/", form), rows)
    through_service = rows_after(
        lambda: entity_save(
            name="European Sky Shield Initiative",
            slug="essi",
            type="programme",
            definition="A European  air defence\n purchasing club.",
            description="Led by *Germany*.",
            same_as=["https://www.wikidata.org/wiki/Q112781410"],
            aliases=[
                AliasInput("Sky Shield", False),
                AliasInput("ESSI", True),
                AliasInput("European Sky Shield Initiative", False),
            ],
        ),
        rows,
    )
    assert through_desk == through_service
    # The service's rules hold in the desk too: the definition on one line, the name not
    # repeated as an alias, the Wikidata id read from sameAs, the knowledge base moved on.
    assert through_desk["entity"]["definition"] == "A European air defence purchasing club."
    assert [alias[0] for alias in through_desk["aliases"]] == ["Sky Shield", "ESSI"]
    assert through_desk["entity"]["wikidata_id"] == "Q112781410"
    assert through_desk["knowledge_base_changed"]
    assert article.pk  # linked later, by the re-link queued once the save commits


# --- Comments -------------------------------------------------------------------------


def test_a_comment_edited_in_the_desk_is_the_comment_the_service_edits(admin_client):
    article = ArticleFactory(title="Mines")
    comment = make_comment(article, status="pending", body="First *draft*.")

    def rows() -> dict:
        return {
            "comment": Comment.objects.filter(pk=comment.pk)
            .values("name", "email", "url", "body", "body_html", "status", "depth")
            .get(),
            "count": Article.objects.get(pk=article.pk).comment_count,
        }

    form = {
        "name": " A  Reader ",
        "email": "reader@example.net",
        "url": "",
        "body": "Edited **text**.",
        "status": "approved",
    }
    through_desk = rows_after(
        posted(admin_client, f"/admin/comments/comment/{comment.pk}/change/", form), rows
    )
    through_service = rows_after(
        lambda: comment_edit(
            comment=Comment.objects.get(pk=comment.pk),
            name=" A  Reader ",
            email="reader@example.net",
            url="",
            body="Edited **text**.",
            status="approved",
        ),
        rows,
    )
    assert through_desk == through_service
    assert (
        through_desk["count"] == 1
        and "<strong>text</strong>" in through_desk["comment"]["body_html"]
    )

import pytest
from django.core.exceptions import ValidationError

from dossiers.knowledge.linking import article_link, matcher_current
from dossiers.knowledge.models import (
    Alias,
    AmbiguousMention,
    ArticleLinkState,
    Mention,
)
from dossiers.knowledge.relinking import archive_relink
from dossiers.knowledge.services import AliasInput, entity_save, knowledge_changed
from tests.factories import ArticleFactory, EntityFactory

pytestmark = pytest.mark.django_db


def test_acronym_aliases_are_case_sensitive_by_default_and_words_are_not():
    entity = EntityFactory(
        name="European Union", aliases=["EU", "the Union bloc", AliasInput("Brussels", True)]
    )
    flags = dict(Alias.objects.filter(entity=entity).values_list("text", "case_sensitive"))
    assert flags == {"EU": True, "the Union bloc": False, "Brussels": True}


def test_a_case_sensitive_alias_equal_to_the_name_makes_the_name_case_sensitive():
    entity = EntityFactory(name="Turkey", aliases=[AliasInput("Turkey", True)])
    article = ArticleFactory(title="Roast turkey recipes", body="A turkey for dinner.")
    assert not Mention.objects.filter(article=article, entity=entity).exists()
    other = ArticleFactory(title="Turkey votes", body="")
    assert Mention.objects.filter(article=other, entity=entity).exists()


def test_saving_an_article_stores_its_mentions_with_salience_and_about():
    nato = EntityFactory(name="NATO")
    sea = EntityFactory(name="Black Sea", aliases=["Black Sea region"])
    drone = EntityFactory(name="Shahed")
    body = "The Black Sea region. NATO again, NATO.\n\n" + "Filler sentence here. " * 40
    body += "\n\nOne Shahed was seen."
    article = ArticleFactory(title="NATO and the Black Sea", body=body)
    mentions = {m.entity_id: m for m in Mention.objects.filter(article=article)}
    assert mentions[nato.pk].count == 3 and mentions[nato.pk].in_title
    assert mentions[nato.pk].is_about and mentions[nato.pk].surface == "NATO"
    assert mentions[sea.pk].count == 2 and mentions[sea.pk].surface == "Black Sea region"
    # One passing mention deep in the body: peripheral, not "about".
    assert mentions[drone.pk].count == 1 and not mentions[drone.pk].is_about
    assert ArticleLinkState.objects.get(article=article).version == matcher_current()[0]


def test_nothing_is_matched_inside_links_or_code():
    EntityFactory(name="NATO")
    article = ArticleFactory(
        title="A note",
        body="See [the NATO page](https://example.org/nato) and `NATO_CONFIG`.\n\n"
        "```\nNATO = 1\n```",
    )
    assert not Mention.objects.filter(article=article).exists()


def test_an_unsettled_shared_name_is_recorded_for_editors_not_guessed():
    country = EntityFactory(name="Georgia", type="country")
    state = EntityFactory(name="Georgia (U.S. state)", type="place", aliases=["Georgia"])
    article = ArticleFactory(title="Elections", body="Georgia votes on Sunday.")
    assert not Mention.objects.filter(article=article).exists()
    recorded = AmbiguousMention.objects.get(article=article)
    assert recorded.surface == "Georgia"
    assert sorted(recorded.candidate_ids) == sorted([country.pk, state.pk])


def test_a_shared_name_is_settled_by_the_other_countries_in_the_article():
    country = EntityFactory(name="Georgia", type="country")
    EntityFactory(name="Georgia (U.S. state)", type="place", aliases=["Georgia"])
    EntityFactory(name="Armenia", type="country")
    EntityFactory(name="Azerbaijan", type="country")
    article = ArticleFactory(
        title="Corridor politics", body="Georgia, Armenia and Azerbaijan met in Baku."
    )
    mention = Mention.objects.get(article=article, entity=country)
    assert "settled by context" in mention.disambiguation
    assert not AmbiguousMention.objects.filter(article=article).exists()


def test_editing_the_knowledge_base_rebuilds_the_matcher_and_relinks():
    article = ArticleFactory(title="Strategic autonomy in Europe", body="")
    entity = EntityFactory(name="EU defense integration")
    assert not Mention.objects.filter(entity=entity).exists()
    before = matcher_current()[1]
    entity_save(
        entity=entity, name=entity.name, type="concept", aliases=[AliasInput("strategic autonomy")]
    )
    assert matcher_current()[1] is not before
    archive_relink()
    assert Mention.objects.filter(entity=entity, article=article).exists()


def test_relink_without_all_touches_only_articles_linked_with_an_older_base():
    EntityFactory(name="NATO")
    first = ArticleFactory(title="NATO one", body="")
    assert archive_relink(everything=False) == 0  # everything is current
    knowledge_changed()
    second = ArticleFactory(title="NATO two", body="")  # linked with the new base already
    assert archive_relink(everything=False) == 1
    assert set(ArticleLinkState.objects.values_list("article_id", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_entity_validation_errors_save_nothing():
    with pytest.raises(ValidationError):
        entity_save(name="", type="concept")
    with pytest.raises(ValidationError):
        entity_save(name="Thing", type="not-a-type")
    with pytest.raises(ValidationError):
        entity_save(name="Thing", type="concept", aliases=[AliasInput("  ")])


def test_a_bulk_relink_skips_articles_whose_links_did_not_change():
    EntityFactory(name="NATO")
    articles = [ArticleFactory(title=f"NATO {i}", body="NATO.") for i in range(3)]
    rows = list(Mention.objects.order_by("pk").values_list("pk", flat=True))
    assert archive_relink() == 3
    # Same links: the rows were not rewritten (same primary keys).
    assert list(Mention.objects.order_by("pk").values_list("pk", flat=True)) == rows
    entity_save(
        entity=EntityFactory(name="Baltic"),
        name="Baltic",
        type="place",
        aliases=[AliasInput("NATO 1")],
    )
    archive_relink()
    changed = Mention.objects.filter(article=articles[1]).values_list("entity__name", flat=True)
    assert sorted(changed) == ["Baltic"] or sorted(changed) == ["Baltic", "NATO"]
    assert list(Mention.objects.filter(article=articles[0]).values_list("pk", flat=True)) == [
        rows[0]
    ]


def test_relinking_is_idempotent():
    EntityFactory(name="NATO")
    article = ArticleFactory(title="NATO", body="NATO")
    article_link(article=article)
    first = list(Mention.objects.values_list("article_id", "entity_id", "count", "salience"))
    archive_relink()
    assert (
        list(Mention.objects.values_list("article_id", "entity_id", "count", "salience")) == first
    )


def test_bulk_relink_matches_the_per_article_path_and_reports_progress():
    EntityFactory(name="NATO")
    EntityFactory(name="Black Sea")
    articles = [
        ArticleFactory(title=f"NATO note {i}", body="The Black Sea. NATO. " * (i % 3 + 1))
        for i in range(5)
    ]
    expected = sorted(Mention.objects.values_list("article_id", "entity_id", "count", "is_about"))
    Mention.objects.all().delete()
    ArticleLinkState.objects.all().delete()  # as if never linked
    calls = []
    assert archive_relink(progress=lambda done, total: calls.append((done, total))) == 5
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)
    got = sorted(Mention.objects.values_list("article_id", "entity_id", "count", "is_about"))
    assert got == expected and len({row[0] for row in got}) == len(articles)


def test_a_first_link_rebuilds_the_by_entity_index_inside_a_transaction(monkeypatch):
    """The cold path drops and recreates Mention's (entity, article) index; on PostgreSQL
    that must work inside the caller's transaction (the test's own), with the rows'
    deferred foreign-key checks still pending."""
    from django.db import connection

    from dossiers.knowledge import relinking

    entity = EntityFactory(name="Aegean Shelf")
    articles = [ArticleFactory(title=f"The Aegean Shelf, part {i}") for i in range(3)]
    Mention.objects.all().delete()  # a never-linked archive
    ArticleLinkState.objects.all().delete()
    monkeypatch.setattr(relinking, "PARALLEL_FROM", 1)
    assert archive_relink(jobs=1) == 3
    assert set(Mention.objects.filter(entity=entity).values_list("article_id", flat=True)) == {
        article.pk for article in articles
    }
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Mention._meta.db_table)
    assert "mention_entity_article" in indexes

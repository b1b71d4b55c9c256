import pytest
from django.core.exceptions import ValidationError

from dossiers.knowledge.models import Alias, Mention
from dossiers.knowledge.services import (
    AliasInput,
    archive_relink,
    article_link,
    entity_save,
    matcher_current,
)
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


def test_saving_an_article_stores_its_mentions():
    nato = EntityFactory(name="NATO")
    sea = EntityFactory(name="Black Sea", aliases=["Black Sea region"])
    article = ArticleFactory(
        title="NATO and the Black Sea", body="The Black Sea region. NATO again, NATO."
    )
    mentions = {m.entity_id: m for m in Mention.objects.filter(article=article)}
    assert mentions[nato.pk].count == 3 and mentions[nato.pk].in_title
    assert mentions[sea.pk].count == 2


def test_editing_the_knowledge_base_rebuilds_the_matcher_and_relinks():
    article = ArticleFactory(title="Strategic autonomy in Europe", body="")
    entity = EntityFactory(name="EU defense integration")
    assert not Mention.objects.filter(entity=entity).exists()
    before = matcher_current()
    entity_save(
        entity=entity, name=entity.name, type="concept", aliases=[AliasInput("strategic autonomy")]
    )
    assert matcher_current() is not before
    archive_relink()
    assert Mention.objects.filter(entity=entity, article=article).exists()


def test_entity_validation_errors_save_nothing():
    with pytest.raises(ValidationError):
        entity_save(name="", type="concept")
    with pytest.raises(ValidationError):
        entity_save(name="Thing", type="not-a-type")
    with pytest.raises(ValidationError):
        entity_save(name="Thing", type="concept", aliases=[AliasInput("  ")])


def test_relinking_is_idempotent():
    EntityFactory(name="NATO")
    article = ArticleFactory(title="NATO", body="NATO")
    article_link(article=article)
    first = list(Mention.objects.values_list("article_id", "entity_id", "count"))
    archive_relink()
    assert list(Mention.objects.values_list("article_id", "entity_id", "count")) == first

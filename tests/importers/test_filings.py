"""A post's categories and tags keep it on its hubs and entities through every re-link."""

import pytest

from dossiers.hubs.models import HubMembership
from dossiers.importers import items
from dossiers.importers.loader import load
from dossiers.knowledge.models import Mention
from dossiers.pipeline.services import archive_derive, article_save
from dossiers.publishing.models import Article
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def post(**overrides):
    values = dict(
        guid="g1",
        title="A quiet week",
        body="<p>Nothing named here.</p>",
        status="published",
        published_at=None,
        authors=("Jo",),
        slug="quiet-week",
        terms=(
            items.TermRef("category", "defence", "Defence"),
            items.TermRef("tag", "radar", "Radar"),
        ),
    )
    values.update(overrides)
    return items.Post(**values)


def test_a_filed_article_is_on_its_category_hub_and_stays_there(settings):
    import datetime as dt

    EntityFactory(name="Unrelated")
    when = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    load([items.Source(key="test"), post(published_at=when)])
    article = Article.objects.get()
    membership = HubMembership.objects.get(article=article)
    assert membership.hub.name == "Defence"
    assert membership.reason == "filed under Defence"
    radar = Mention.objects.get(article=article, entity__name="Radar")
    assert radar.count == 0 and radar.salience == 1.0
    archive_derive(reason="a re-link")
    assert HubMembership.objects.filter(article=article, hub__name="Defence").exists()
    article_save(
        article=article,
        title="A quiet week, revised",
        body=article.body,
        authors=list(article.authors.all()),
        status=article.status,
        published_at=article.published_at,
    )
    assert HubMembership.objects.filter(article=article, hub__name="Defence").exists()
    assert Mention.objects.filter(article=article, entity__name="Radar").exists()

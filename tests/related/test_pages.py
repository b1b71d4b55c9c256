"""Related analyses on article pages and related hubs on hub pages, as readers get them."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import parse_html
from tests.factories import ArticleFactory, EntityFactory, HubFactory

pytestmark = pytest.mark.django_db


def test_the_article_page_lists_up_to_five_related_analyses(client, publish):
    source = publish("naval", 0, slug="source")
    others = [publish("naval", i) for i in range(1, 8)]
    publish("farm", 0)
    page = parse_html(client.get("/analysis/source/"))
    section = page.css_first("section.related")
    assert section.css_first("h2").text() == "Related analyses"
    cards = section.css(".card")
    assert len(cards) == 5
    slugs = [card.css_first(".card-title a").attributes["href"] for card in cards]
    assert set(slugs) <= {f"/analysis/{a.slug}/" for a in others}
    assert cards[0].css_first("a[rel=author]") is not None
    assert cards[0].css_first("time").attributes["datetime"]
    assert source.pk  # the page of the source itself is not in its list
    assert "/analysis/source/" not in slugs


def test_an_article_without_related_analyses_has_no_empty_section(client, publish):
    publish("space", 0, slug="alone")
    publish("farm", 0)
    page = parse_html(client.get("/analysis/alone/"))
    assert page.css_first("section.related") is None


def test_a_scheduled_related_analysis_appears_once_due(client, publish, time_machine):
    publish("space", 0, slug="live")
    due = timezone.now() + dt.timedelta(hours=3)
    publish("space", 1, slug="later", published_at=due)
    assert "/analysis/later/" not in client.get("/analysis/live/").content.decode()
    time_machine.move_to(due + dt.timedelta(minutes=1))
    assert "/analysis/later/" in client.get("/analysis/live/").content.decode()


def test_the_hub_page_lists_hubs_sharing_analyses_or_key_entities(client):
    kestrel, osprey, harrier = (EntityFactory(name=n) for n in ("Kestrel", "Osprey", "Harrier"))
    for i in range(3):
        ArticleFactory(title=f"Kestrel and Osprey {i}", body="Kestrel. Osprey.")
    HubFactory(slug="kestrel", name="Kestrel hub", key_entities=[kestrel])
    HubFactory(slug="osprey", name="Osprey hub", headline="Birds", key_entities=[osprey])
    HubFactory(slug="pair", name="Pair hub", key_entities=[kestrel, harrier])
    HubFactory(slug="harrier", name="Harrier hub", key_entities=[harrier])
    page = parse_html(client.get("/topics/kestrel/"))
    items = page.css(".related-hubs li")
    names = [item.css_first("a").text() for item in items]
    assert set(names) == {"Osprey hub", "Pair hub"}
    why = {item.css_first("a").text(): item.css_first(".related-hubs-why").text() for item in items}
    assert why["Osprey hub"] == "3 shared analyses"
    assert why["Pair hub"] == "3 shared analyses; also about Kestrel"
    assert names[0] == "Pair hub"  # same analyses and a key entity in common

"""What readers see of the knowledge engine: links in the text, composed intros, demo hubs."""

import pytest
from django.test import override_settings

from dossiers.demo.loader import load_demo
from dossiers.hubs.models import Hub, HubMembership
from dossiers.publishing.models import Article
from tests.conftest import parse_html
from tests.factories import ArticleFactory, EntityFactory, HubFactory

pytestmark = pytest.mark.django_db


def test_the_first_mention_of_each_salient_entity_links_to_its_page(client):
    EntityFactory(name="Baltic Sentry", slug="baltic-sentry")
    EntityFactory(name="Frontex", slug="frontex")
    EntityFactory(name="Patriot", slug="patriot")
    body = (
        "Baltic Sentry guards cables. Baltic Sentry has ships. Frontex watches too, "
        "and Frontex again, as Frontex always does. "
        "[Baltic Sentry](https://example.org/bs) is an old link.\n\n"
        + "Other things happen. " * 60
        + "\n\nA Patriot battery, once."
    )
    article = ArticleFactory(title="Baltic Sentry at work", slug="piece", body=body)
    page = parse_html(client.get("/analysis/piece/"))
    links = [(a.text(), a.attributes["href"]) for a in page.css(".article-body a.entity-link")]
    assert links == [
        ("Baltic Sentry", "/entities/baltic-sentry/"),
        ("Frontex", "/entities/frontex/"),
    ]
    # The stored Markdown is untouched; the editor's own link is still there.
    article.refresh_from_db()
    assert "entity-link" not in article.body and "entity-link" not in article.body_html
    assert page.css_first('.article-body a[href="https://example.org/bs"]') is not None


@override_settings(
    DOSSIERS={**__import__("django.conf").conf.settings.DOSSIERS, "ENTITY_LINKS_MAX": 1}
)
def test_a_setting_caps_the_links_per_article(client):
    EntityFactory(name="Baltic Sentry")
    EntityFactory(name="Frontex")
    ArticleFactory(title="Baltic Sentry and Frontex", slug="capped", body="Baltic Sentry. Frontex.")
    page = parse_html(client.get("/analysis/capped/"))
    assert len(page.css(".article-body a.entity-link")) == 1


def test_a_hub_without_an_intro_shows_one_composed_from_its_key_entities(client):
    key = EntityFactory(
        name="Baltic Sentry",
        definition="A NATO operation guarding cables.",
        aliases=["Operation Baltic Sentry"],
    )
    HubFactory(slug="sentry", intro="", key_entities=[key])
    intro = parse_html(client.get("/topics/sentry/")).css_first(".hub-intro")
    assert "NATO operation guarding cables" in intro.text()
    assert "“Operation Baltic Sentry”" in intro.text()


def test_the_demo_hubs_are_collected_by_the_engine_with_reasons(client):
    load_demo()
    for hub in Hub.objects.all():
        assert hub.memberships.exists(), hub.slug
        assert all(reason for reason in hub.memberships.values_list("reason", flat=True))
    seed = Hub.objects.get(slug="turkey-nato")
    reasons = list(seed.memberships.values_list("reason", flat=True))
    assert any(reason.startswith("about Turkey (title") for reason in reasons)
    # The seed-like hub is rich enough to paginate at the default page size.
    visible = HubMembership.objects.filter(hub=seed, article__in=Article.objects.visible())
    assert visible.count() > 10
    assert client.get("/topics/turkey-nato/page/2/").status_code == 200
    # The deliberately ambiguous article is left for editors, and pinned to its hub.
    caucasus = Hub.objects.get(slug="south-caucasus")
    pinned = caucasus.memberships.get(article__slug="two-georgias-one-partnership")
    assert pinned.is_pinned and pinned.reason.startswith("pinned by an editor")

"""hub_page_get: what a hub's page shows, read once for the site and the API."""

import datetime as dt

import pytest
from django.utils import timezone

from dossiers.hubs.selectors import hub_page_get
from tests.factories import ArticleFactory, EntityFactory, HubFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub():
    sea = EntityFactory(name="Black Sea", definition="A sea.", aliases=["Euxine"])
    straits = EntityFactory(name="Bosporus")
    now = timezone.now()
    for i in range(5):
        ArticleFactory(
            title=f"Black Sea note {i}",
            body="Black Sea trade and the Bosporus.",
            published_at=now - dt.timedelta(days=i + 1),
        )
    pick = ArticleFactory(
        title="An old piece", body="Nothing of note.", published_at=now - dt.timedelta(days=90)
    )
    return HubFactory(slug="sea", intro="", key_entities=[sea], pinned=[pick]), straits


def test_the_page_holds_the_hub_its_terms_intro_overview_and_cards(hub):
    page = hub_page_get(slug="sea", per_page=3)
    assert page.hub.slug == "sea"
    assert [(t.name, t.aliases) for t in page.key_terms] == [("Black Sea", ("Euxine",))]
    assert "<strong>Black Sea</strong>" in page.intro_html  # composed: the editor's is empty
    assert page.article_count == page.overview.article_count == 6
    assert [c.name for c in page.overview.covered] == ["Bosporus"]
    first, *rest = page.cards
    assert first.card.title == "An old piece" and first.pinned and first.card.pinned
    assert first.reason == "pinned by an editor"
    assert [m.card.title for m in rest] == ["Black Sea note 0", "Black Sea note 1"]
    assert all(m.reason.startswith("about Black Sea") and not m.pinned for m in rest)


def test_later_pages_start_at_the_offset(hub):
    page = hub_page_get(slug="sea", per_page=3, offset=3)
    assert [m.card.title for m in page.cards] == [f"Black Sea note {i}" for i in (2, 3, 4)]
    assert page.offset == 3 and page.key_terms  # the description comes with every page


def test_what_is_not_asked_for_is_not_read(hub, django_assert_num_queries):
    with django_assert_num_queries(7):  # hub, terms, aliases, figures, covered, cards, bylines
        hub_page_get(slug="sea", per_page=3)
    with django_assert_num_queries(5):  # no cards
        page = hub_page_get(slug="sea", per_page=0)
    assert page.cards == () and page.key_terms
    with django_assert_num_queries(4):  # hub, figures, cards, bylines
        page = hub_page_get(slug="sea", per_page=3, describe=False)
    assert page.key_terms == () and page.intro_html == "" and page.overview.covered == ()
    assert page.article_count == 6 and len(page.cards) == 3


def test_the_editors_intro_wins(hub):
    sea, _ = hub
    sea.intro_html = "<p>Ours.</p>"
    sea.save(update_fields=["intro_html"])
    assert hub_page_get(slug="sea", per_page=1).intro_html == "<p>Ours.</p>"


def test_draft_and_unknown_hubs_have_no_page(hub):
    HubFactory(slug="draft", status="draft")
    assert hub_page_get(slug="draft", per_page=3) is None
    assert hub_page_get(slug="nowhere", per_page=3) is None

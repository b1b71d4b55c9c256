"""Article, author, entity, glossary, hub index and home pages."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from dossiers.knowledge.models import EntityType
from tests.conftest import executable_scripts, parse_html
from tests.factories import ArticleFactory, EntityFactory, HubFactory

pytestmark = pytest.mark.django_db


def test_article_page_shows_body_byline_date_hubs_entities_and_comments(client, hub):
    article = hub["articles"][-1]
    page = parse_html(client.get(f"/analysis/{article.slug}/"))
    assert page.css_first("h1").text() == "Hub analysis 22"
    assert page.css_first(".dek").text() == "Summary of analysis 22."
    assert page.css_first(".article-byline").text() == "By Mira Kovač and Daniel Okafor"
    assert page.css_first(".article-meta time").text() == "10 November 2025"
    assert "Turkey NATO relations." in page.css_first(".article-body").text()
    assert [a.text() for a in page.css(".article-hubs a")] == [
        "Turkey NATO: Alliance Tensions, Defense Shifts, and Strategic Autonomy"
    ]
    assert [a.text() for a in page.css(".article-entities a")] == ["Turkey NATO"]
    odd = parse_html(client.get(f"/analysis/{hub['articles'][21].slug}/"))
    # "The Black Sea matters." once, after the lead's subject: a passing mention, not a key
    # entity (issue 12: "about" means about).
    assert [a.text() for a in odd.css(".article-entities a")] == ["Turkey NATO"]
    assert page.css_first("#comments-heading").text() == "2 Comments"
    assert len(page.css(".comment-list > .comment")) == 2
    assert page.css_first("#comment-form input[name=csrfmiddlewaretoken]") is not None
    assert (
        page.css_first("link[rel=canonical]").attributes["href"]
        == f"http://testserver/analysis/{article.slug}/"
    )


def test_drafts_are_404_but_staff_can_preview_them(client, admin_client):
    draft = ArticleFactory(title="Secret draft", status="draft")
    assert client.get(f"/analysis/{draft.slug}/").status_code == 404
    assert client.get(f"/preview/{draft.pk}/").status_code == 302  # to the login page
    page = parse_html(admin_client.get(f"/preview/{draft.pk}/"))
    assert page.css_first("h1").text() == "Secret draft"
    assert "this draft is not on the site" in page.css_first(".notice--preview").text()
    assert page.css_first("#comment-form") is None


def test_a_scheduled_article_appears_when_due_without_any_job():
    entity = EntityFactory(name="Black Sea")
    HubFactory(slug="sea", key_entities=[entity])
    due = timezone.now() + dt.timedelta(hours=3)
    article = ArticleFactory(title="Black Sea outlook", body="", published_at=due)
    from django.test import Client

    client = Client()
    assert client.get(f"/analysis/{article.slug}/").status_code == 404
    assert "Black Sea outlook" not in client.get("/topics/sea/").content.decode()
    with time_machine.travel(due + dt.timedelta(seconds=1), tick=False):
        assert client.get(f"/analysis/{article.slug}/").status_code == 200
        assert "Black Sea outlook" in client.get("/topics/sea/").content.decode()
        assert "Black Sea outlook" in client.get("/").content.decode()


def test_author_page_lists_bio_and_paginated_articles(client, hub):
    writer = hub["writer"]
    page = parse_html(client.get(f"/authors/{writer.slug}/"))
    assert page.css_first("h1").text() == "Mira Kovač"
    assert page.css_first(".prose em").text() == "defence"
    assert page.css_first("#author-articles").text() == "24 analyses"
    assert len(page.css(".card")) == 10
    last = parse_html(client.get(f"/authors/{writer.slug}/page/3/"))
    assert len(last.css(".card")) == 4
    assert client.get(f"/authors/{writer.slug}/page/4/").status_code == 404
    assert client.get("/authors/nobody/").status_code == 404


def test_entity_page_shows_definition_aliases_hubs_and_mentioning_articles(client, hub):
    page = parse_html(client.get("/entities/turkey-nato/"))
    assert page.css_first("h1").text() == "Turkey NATO"
    assert page.css_first(".definition").text().startswith("Turkey's membership")
    assert (
        page.css_first(".aliases").text()
        == "Also known as NATO's southern anchor and Türkiye NATO."
    )
    assert [a.text() for a in page.css("section[aria-labelledby=entity-hubs] a")] == [
        "Turkey NATO: Alliance Tensions, Defense Shifts, and Strategic Autonomy"
    ]
    assert page.css_first("#entity-articles").text() == "Analyses that mention Turkey NATO"
    assert len(page.css(".card")) == 10
    sea = parse_html(client.get("/entities/black-sea/"))
    assert sea.css_first("section[aria-labelledby=entity-hubs]") is None
    assert len(sea.css(".card")) == 10
    assert client.get("/entities/no-such-thing/").status_code == 404


def test_an_automatic_summary_is_the_lead_and_is_not_shown_twice(client, db):
    body = (
        "## Where things stand\n\n- a list item before the text begins\n\n"
        "Ankara weighs its options on the strait as the season turns. "
        "Officials in two capitals say little in public.\n\nA second paragraph follows."
    )
    article = ArticleFactory(title="Summary test", body=body, summary="")
    assert article.summary == (
        "Ankara weighs its options on the strait as the season turns. "
        "Officials in two capitals say little in public."
    )
    page = parse_html(client.get(f"/analysis/{article.slug}/"))
    assert page.css_first(".dek") is None
    written = ArticleFactory(title="With a dek", body=body, summary="An editor's own dek.")
    page = parse_html(client.get(f"/analysis/{written.slug}/"))
    assert page.css_first(".dek").text() == "An editor's own dek."


def test_glossary_lists_every_entity_a_to_z_with_aliases(client, hub):
    EntityFactory(name="Ålandic", definition="Starts with a diacritic.")
    EntityFactory(name="9/11 Commission", definition="Starts with a digit.")
    page = parse_html(client.get("/glossary/"))
    letters = [a.text() for a in page.css(".az a")]
    assert letters == ["A", "B", "D", "E", "T", "#"]
    a_terms = [a.text() for a in page.css("#letter-A dt a")]
    assert a_terms == ["Ålandic"]
    turkey = next(t for t in page.css(".term") if t.css_first("dt").text() == "Turkey NATO")
    assert "Also known as NATO's southern anchor" in turkey.text()


def test_glossary_reads_in_index_order_people_by_surname(client, hub):
    EntityFactory(name="eSwatini", definition="Lower-case first letter.")
    EntityFactory(name="Estonia", definition="Capital first letter.")
    EntityFactory(name="Recep Tayyip Erdoğan", type=EntityType.PERSON, definition="A person.")
    EntityFactory(name="Ursula von der Leyen", type=EntityType.PERSON, definition="A person.")
    page = parse_html(client.get("/glossary/"))
    e_terms = [a.text() for a in page.css("#letter-E dt a")]
    assert e_terms == ["Erdoğan, Recep Tayyip", "Estonia", "eSwatini", "EU defense integration"]
    assert "von der Leyen, Ursula" in [a.text() for a in page.css("#letter-L dt a")]


def test_hub_index_and_home_page(client, hub):
    index = parse_html(client.get("/topics/"))
    tile = index.css_first(".hub-tile")
    assert tile.css_first("h2 a").text() == "Turkey NATO"
    assert tile.css_first(".count").text() == "23 analyses"
    home = parse_html(client.get("/"))
    assert home.css_first(".home-latest .card-title a").text() == "Unrelated piece"
    assert [a.text() for a in home.css(".hub-list strong")] == ["Turkey NATO"]


def test_pages_are_responsive_and_need_no_script(client, hub):
    response = client.get("/topics/turkey-nato/")
    page = parse_html(response)
    assert page.css_first("meta[name=viewport]") is not None
    assert executable_scripts(page) == []
    assert "script-src 'none'" in response["Content-Security-Policy"]


def test_hub_cards_say_why_they_are_there_and_the_side_column_has_a_timeline(client, hub):
    page = parse_html(client.get("/topics/turkey-nato/"))
    reasons = [p.text() for p in page.css(".card .card-why")]
    assert len(reasons) == len(page.css(".card")) == 10
    assert all(r.startswith("On this topic: about Turkey NATO") for r in reasons)
    side = page.css_first("aside.side-column")
    assert side.css_first(".key-terms") is not None
    chart = side.css_first(".timeline svg.month-bars")
    # 23 analyses a fortnight apart from January 2025: 11 months, one bar each.
    assert len(chart.css("rect")) == 11
    assert "23 analyses from January 2025 to November 2025" in chart.attributes["aria-label"]
    assert parse_html(client.get("/topics/turkey-nato/?page=2")).css_first(".timeline") is None


def test_article_topics_sit_beside_the_text_with_their_reason(client, hub):
    page = parse_html(client.get(f"/analysis/{hub['articles'][-1].slug}/"))
    topic = page.css_first("aside.article-aside .article-hubs li")
    assert topic.css_first(".related-hubs-why").text().startswith("about Turkey NATO")


def test_standing_pages_are_served_and_linked_from_every_footer(client, hub):
    from dossiers.publishing.services import page_write

    page_write(title="Privacy", slug="privacy", body="We keep **little**.")
    page = parse_html(client.get("/privacy/"))
    assert page.css_first("h1").text() == "Privacy"
    assert "We keep little." in page.css_first(".prose").text()
    footer = [a.text() for a in parse_html(client.get("/topics/")).css(".site-footer a")]
    assert footer[:2] == ["Privacy", "All topics"] and "RSS feed" in footer
    assert client.get("/no-such-page/").status_code == 404
    assert client.head("/privacy/").status_code == 200


def test_a_standing_page_cannot_take_a_section_address(db):
    from django.core.exceptions import ValidationError

    from dossiers.publishing.services import page_write

    with pytest.raises(ValidationError, match="one of the site's own addresses"):
        page_write(title="Topics", slug="topics", body="x")
    assert page_write(title="Topics", body="x").slug == "topics-2"

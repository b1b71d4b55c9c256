"""The hub page has the anatomy of the seed page."""

import pytest

from tests.conftest import parse_html

pytestmark = pytest.mark.django_db


def test_title_is_name_and_headline(client, hub):
    page = parse_html(client.get("/topics/turkey-nato/"))
    assert page.css_first("h1").text(strip=False).strip() == (
        "Turkey NATO: Alliance Tensions, Defense Shifts, and Strategic Autonomy"
    )
    assert page.css_first("title").text().startswith("Turkey NATO: Alliance Tensions")


def test_intro_is_rendered_markdown(client, hub):
    page = parse_html(client.get("/topics/turkey-nato/"))
    assert page.css_first(".hub-intro strong").text() == "Turkey"


def test_key_terms_define_each_entity_with_its_aliases_in_order(client, hub):
    page = parse_html(client.get("/topics/turkey-nato/"))
    terms = page.css(".key-terms .term")
    assert [t.css_first("dt a").text() for t in terms] == [
        "Turkey NATO",
        "EU defense integration",
        "defense sovereignty",
    ]
    first = terms[0]
    assert first.css_first("dt a").attributes["href"] == "/entities/turkey-nato/"
    assert (
        first.css_first(".definition").text()
        == "Turkey's membership of the Atlantic alliance since 1952."
    )
    assert (
        first.css_first(".aliases").text()
        == "Also known as NATO's southern anchor and Türkiye NATO."
    )
    assert terms[1].css_first(".aliases").text() == "Also known as strategic autonomy."
    assert terms[2].css_first(".aliases") is None  # no aliases, no empty "Also known as"


def test_overview_counts_the_span_and_links_entities_outside_the_key_set(client, hub):
    page = parse_html(client.get("/topics/turkey-nato/"))
    overview = page.css_first(".overview p")
    assert overview.text().startswith(
        "23 analyses published between 6 January 2025 and 10 November 2025."
    )
    links = [(a.text(), a.attributes["href"]) for a in overview.css("a")]
    assert links == [
        ("Black Sea", "/entities/black-sea/"),
        ("Baltic states", "/entities/baltic-states/"),
    ]
    assert "Black Sea (in 11)" in overview.text() and "Baltic states (in 5)" in overview.text()


def test_cards_show_title_authors_date_comment_count_and_summary(client, hub):
    page = parse_html(client.get("/topics/turkey-nato/"))
    cards = page.css(".card-list .card")
    assert len(cards) == 10
    newest = cards[0]
    assert newest.css_first(".card-title a").text() == "Hub analysis 22"
    assert newest.css_first(".card-title a").attributes["href"] == "/analysis/hub-analysis-22/"
    assert [a.text() for a in newest.css(".card-byline a")] == ["Mira Kovač", "Daniel Okafor"]
    assert newest.css_first(".card-byline").text() == "Mira Kovač and Daniel Okafor"
    assert newest.css_first("time").text() == "10 November 2025"
    assert newest.css_first("time").attributes["datetime"].startswith("2025-11-10T09:00:00")
    assert (
        newest.css_first(".card-comments").text() == "2 Comments"
    )  # the pending one is not counted
    assert cards[1].css_first(".card-comments").text() == "1 Comment"
    assert cards[2].css_first(".card-comments").text() == "0 Comments"
    assert newest.css_first(".card-summary").text() == "Summary of analysis 22."


def test_pagination_pages_prev_next_and_404s(client, hub):
    first = parse_html(client.get("/topics/turkey-nato/"))
    assert first.css_first("link[rel=prev]") is None
    assert first.css_first("link[rel=next]").attributes["href"] == "/topics/turkey-nato/page/2/"
    second_response = client.get("/topics/turkey-nato/page/2/")
    second = parse_html(second_response)
    assert second.css_first("link[rel=prev]").attributes["href"] == "/topics/turkey-nato/"
    assert second.css_first("a[rel=next]").attributes["href"] == "/topics/turkey-nato/page/3/"
    assert second.css_first(".card-list").attributes["start"] == "11"
    assert second.css_first(".key-terms") is None  # the intro belongs to page 1
    third = parse_html(client.get("/topics/turkey-nato/page/3/"))
    assert [c.text() for c in third.css(".card-title a")] == [
        "Hub analysis 02",
        "Hub analysis 01",
        "Hub analysis 00",
    ]
    assert third.css_first("a[rel=next]") is None
    for bad in ("4", "0", "-1", "two", "2.0", "", "1e3"):
        assert client.get(f"/topics/turkey-nato/page/{bad}/").status_code == 404
    for bad in ("0", "-1", "two", "2.0", "", "1e3"):
        assert client.get(f"/topics/turkey-nato/?page={bad}").status_code == 404


def test_old_query_string_pages_answer_301_to_the_page_path(client, hub):
    old = client.get("/topics/turkey-nato/?page=2&utm_source=x")
    assert old.status_code == 301
    assert old["Location"] == "/topics/turkey-nato/page/2/?utm_source=x"
    assert client.get("/topics/turkey-nato/?page=1")["Location"] == "/topics/turkey-nato/"
    first = client.get("/topics/turkey-nato/page/1/")
    assert (first.status_code, first["Location"]) == (301, "/topics/turkey-nato/")
    # Past the last page, the redirect leads to a 404, never to another page.
    assert client.get("/topics/turkey-nato/?page=9", follow=True).status_code == 404


def test_unrelated_drafts_scheduled_and_excluded_articles_are_not_cards(client, hub):
    import datetime as dt

    from tests.factories import ArticleFactory

    ArticleFactory(title="Draft Turkey NATO", body="", status="draft")
    ArticleFactory(
        title="Future Turkey NATO", body="", published_at=hub["now"] + dt.timedelta(days=2)
    )
    titles = [c.text() for c in parse_html(client.get("/topics/turkey-nato/")).css(".card-title a")]
    assert "Unrelated piece" not in titles and "Draft Turkey NATO" not in titles
    assert "Future Turkey NATO" not in titles


def test_unknown_and_draft_hubs_are_404(client, hub):
    from tests.factories import HubFactory

    HubFactory(name="Hidden", slug="hidden", status="draft")
    assert client.get("/topics/hidden/").status_code == 404
    response = client.get("/topics/no-such-hub/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()

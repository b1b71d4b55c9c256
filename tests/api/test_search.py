"""/api/v1/search: the site's search as an API list."""

import pytest

from dossiers.search.indexing import index_rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(newsroom):
    index_rebuild()
    return newsroom


def test_search_answers_ranked_cards_with_snippets_and_the_named_entities(client, indexed):
    body = client.get("/api/v1/search", {"q": "Türkiye drones"}).json()
    assert body["query"] and body["message"] == ""
    first = body["results"][0]
    assert first["slug"] == "turkeys-drones"
    assert "<mark>" in first["snippet_html"] and first["score"] > 0
    assert first["url"] == "http://testserver/analysis/turkeys-drones/"
    assert [a["slug"] for a in first["authors"]] == ["mira-kovac"]
    assert body["entities"][0]["slug"] == "turkey"
    assert "Türkiye" in body["entities"][0]["aliases"]
    assert [hub["slug"] for hub in body["entities"][0]["key_to"]] == ["turkey-nato"]


def test_drafts_and_scheduled_articles_are_never_found(client, indexed):
    slugs = {hit["slug"] for hit in client.get("/api/v1/search", {"q": "Turkey"}).json()["results"]}
    assert "after-the-vote" in slugs
    assert not slugs & {"turkey-draft", "turkey-tomorrow"}


def test_filters_narrow_the_results_and_unknown_ones_are_404s(client, indexed):
    by_daniel = client.get("/api/v1/search", {"q": "NATO", "author": "daniel-okafor"}).json()
    assert {hit["slug"] for hit in by_daniel["results"]} == {"after-the-vote", "northern-flank"}
    in_march = client.get(
        "/api/v1/search", {"q": "Turkey", "date_from": "2025-03-11", "date_to": "2025-03-31"}
    ).json()
    assert [hit["slug"] for hit in in_march["results"]] == ["turkeys-drones"]
    missing = client.get("/api/v1/search", {"q": "NATO", "hub": "no-such-hub"})
    assert missing.status_code == 404 and "no-such-hub" in missing.json()["detail"]
    assert client.get("/api/v1/search", {"q": "NATO", "hub": "secret-hub"}).status_code == 404


def test_pages_of_results_link_to_each_other(client, indexed):
    first = client.get("/api/v1/search", {"q": "Turkey", "page_size": 1}).json()
    assert first["count"] >= 2 and first["num_pages"] == first["count"]
    assert first["next"].endswith("page=2") and "q=Turkey" in first["next"]
    second = client.get("/api/v1/search", {"q": "Turkey", "page_size": 1, "page": 2}).json()
    assert second["results"][0]["slug"] != first["results"][0]["slug"]
    past = client.get("/api/v1/search", {"q": "Turkey", "page": 99})
    assert past.status_code == 404


@pytest.mark.parametrize(
    "query", ["", "   ", "?!*", '"', "x" * 5000, "NEAR(a b", "title:x", "' OR 1=1 --"]
)
def test_odd_queries_answer_an_empty_list_or_results_never_an_error(client, indexed, query):
    response = client.get("/api/v1/search", {"q": query})
    assert response.status_code == 200
    body = response.json()
    if not body["results"]:
        assert body["message"] or body["count"] == 0


def test_a_query_longer_than_a_url_should_carry_is_a_422(client, indexed):
    response = client.get("/api/v1/search", {"q": "x" * 10_001})
    assert response.status_code == 422
    assert "q" in str(response.json())

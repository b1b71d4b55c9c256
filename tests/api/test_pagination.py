"""Page-number pagination: counts, links that keep the other parameters, clear refusals."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(db):
    writer = AuthorFactory(name="Prolific Writer", slug="prolific")
    return [ArticleFactory(title=f"Piece {i:02d}", authors=[writer]) for i in range(7)]


def test_pages_split_the_list_and_link_to_each_other(client, shelf):
    first = client.get("/api/v1/articles", {"page_size": 3, "author": "prolific"}).json()
    assert (first["count"], first["page"], first["page_size"], first["num_pages"]) == (7, 1, 3, 3)
    assert first["previous"] is None
    nxt = urlsplit(first["next"])
    assert (nxt.scheme, nxt.netloc, nxt.path) == ("http", "testserver", "/api/v1/articles")
    assert parse_qs(nxt.query) == {"page_size": ["3"], "author": ["prolific"], "page": ["2"]}

    seen = [item["slug"] for item in first["results"]]
    page = first
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [item["slug"] for item in page["results"]]
    assert page["page"] == 3 and len(page["results"]) == 1 and page["next"] is None
    assert parse_qs(urlsplit(page["previous"]).query)["page"] == ["2"]
    assert len(seen) == len(set(seen)) == 7


def test_links_use_the_configured_public_address(client, shelf, settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "SITE_URL": "https://analysis.example.org"}
    page = client.get("/api/v1/articles", {"page_size": 2}).json()
    assert page["next"].startswith("https://analysis.example.org/api/v1/articles?")
    assert page["results"][0]["url"].startswith("https://analysis.example.org/analysis/")


def test_an_empty_list_has_one_empty_page(client, db):
    page = client.get("/api/v1/articles").json()
    assert page == {
        "count": 0,
        "page": 1,
        "page_size": 20,
        "num_pages": 1,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_a_page_past_the_last_is_a_404_that_says_how_many_there_are(client, shelf):
    response = client.get("/api/v1/articles", {"page": 4, "page_size": 3})
    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is no page 4: this list has 7 items in 3 pages of 3."
    }


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"page": 0}, "page"),
        ({"page": -1}, "page"),
        ({"page": "two"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page": "9" * 40}, "page"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": 101}, "page_size"),
        ({"page_size": ""}, "page_size"),
    ],
)
def test_bad_page_parameters_are_a_422_naming_the_parameter(client, shelf, params, name):
    response = client.get("/api/v1/articles", params)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [error["loc"] for error in errors] == [["query", name]]
    assert errors[0]["msg"]


@pytest.mark.parametrize(
    "path",
    ["/hubs", "/authors", "/entities", "/authors/prolific/articles"],
)
def test_every_list_is_paginated_the_same_way(client, shelf, path):
    page = client.get(f"/api/v1{path}", {"page_size": 1}).json()
    assert set(page) == {"count", "page", "page_size", "num_pages", "next", "previous", "results"}
    assert client.get(f"/api/v1{path}", {"page_size": 1000}).status_code == 422


def test_a_default_page_size_over_the_largest_stops_the_site(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.DOSSIERS = {**settings.DOSSIERS, "API_PAGE_SIZE": 200, "API_MAX_PAGE_SIZE": 100}
    with pytest.raises(SystemCheckError, match=r"DOSSIERS_API_PAGE_SIZE \(200\) must be from 1"):
        call_command("check")

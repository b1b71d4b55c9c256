"""Text responses are gzip-compressed when the reader accepts it, except those that hold a secret
(BREACH): a page whose form holds a CSRF token, anything for a signed-in session."""

import gzip

import pytest
from django.test import Client

from tests.factories import ArticleFactory, EntityFactory, HubFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
PAGE, FEED, API, SITEMAP = "/topics/sea/", "/topics/sea/rss.xml", "/api/v1/hubs/sea", "/sitemap.xml"


@pytest.fixture
def sea(db):
    entity = EntityFactory(name="Black Sea")
    HubFactory(slug="sea", key_entities=[entity])
    return [
        ArticleFactory(title=f"Black Sea shipping {n}", slug=f"shipping-{n}", body="The Black Sea.")
        for n in range(3)
    ]


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("url", [PAGE, FEED, API, SITEMAP])
def test_pages_feeds_the_api_and_sitemaps_are_gzipped_for_readers_who_accept_it(client, sea, url):
    plain = client.get(url)
    packed = client.get(url, **GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
    assert "accept-encoding" in vary(packed) and "accept-encoding" in vary(plain)
    # The body changed, so the validator is weak (RFC 9110 8.8.1): the same tag, W/ before it.
    assert packed["ETag"] == "W/" + plain["ETag"]


@pytest.mark.parametrize("url", [PAGE, API])
def test_cached_responses_still_answer_304_to_the_compressed_etag(client, sea, url):
    packed = client.get(url, **GZIP)
    again = client.get(url, HTTP_IF_NONE_MATCH=packed["ETag"], **GZIP)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == packed["ETag"] and "accept-encoding" in vary(again)
    # A reader who kept the uncompressed copy gets 304 too, and its own tag back.
    plain = client.get(url)
    unchanged = client.get(url, HTTP_IF_NONE_MATCH=plain["ETag"])
    assert unchanged.status_code == 304 and unchanged["ETag"] == plain["ETag"]
    # Weak and strong forms of one tag match (If-None-Match compares weakly).
    assert client.get(url, HTTP_IF_NONE_MATCH=plain["ETag"], **GZIP).status_code == 304
    ArticleFactory(title="Black Sea insurance", body="The Black Sea.")
    assert client.get(url, HTTP_IF_NONE_MATCH=packed["ETag"], **GZIP).status_code == 200


def test_the_article_page_whose_form_holds_a_csrf_token_is_not_compressed(client, sea):
    for visit in ("first", "returning (the CSRF cookie sent back)"):
        response = client.get(sea[0].get_absolute_url(), **GZIP)
        assert response.status_code == 200, visit
        assert b"csrfmiddlewaretoken" in response.content, visit
        assert "Content-Encoding" not in response, visit
    assert "csrftoken" in client.cookies


def test_a_reader_with_a_session_gets_nothing_compressed(client, sea, admin_user):
    client.force_login(admin_user)
    for url in (PAGE, "/admin/", "/admin/comments/comment/"):
        response = client.get(url, **GZIP)
        assert response.status_code == 200, url
        assert "Content-Encoding" not in response, url


def test_the_desk_login_page_is_not_compressed(sea):
    response = Client().get("/admin/login/", **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response

"""One response cache for pages, feeds, sitemaps and the API (core.http.caching)."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from dossiers.core.freshness import content_token
from dossiers.core.http.caching import cached_fragment, response_key
from tests.factories import ArticleFactory, EntityFactory, HubFactory

pytestmark = pytest.mark.django_db

PAGE, FEED, API = "/topics/sea/", "/topics/sea/rss.xml", "/api/v1/hubs/sea"
# The query parameters each reads: the page its page number, the feed none, the API all.
PARAMS = {PAGE: ("page",), FEED: (), API: None}


@pytest.fixture
def sea(db):
    entity = EntityFactory(name="Black Sea")
    article = ArticleFactory(title="Black Sea shipping", slug="shipping", body="")
    HubFactory(slug="sea", key_entities=[entity])
    return article


@pytest.fixture
def two_hosts(settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "SITE_URL": ""}
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]


def etag_of(url, query=None, host="testserver"):
    request = RequestFactory().get(url, query or {}, HTTP_HOST=host)
    return '"' + response_key(request, params=PARAMS[url]).removeprefix("response:") + '"'


@pytest.mark.parametrize("url", [PAGE, FEED, API])
def test_pages_feeds_and_the_api_share_one_key(client, sea, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"] == etag_of(url)
    assert response["Cache-Control"].startswith("public, max-age=")


@pytest.mark.parametrize("url", [PAGE, FEED, API])
def test_the_etag_holds_until_the_token_moves(client, sea, url):
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"] == client.get(url)["ETag"]
    token = content_token()
    ArticleFactory(title="Black Sea insurance", body="")
    assert content_token() != token
    after = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert after["ETag"] == etag_of(url)


def test_parameters_count_only_where_the_view_reads_them(client, sea):
    tracked = {"utm_source": "newsletter"}
    assert client.get(PAGE, tracked)["ETag"] == client.get(PAGE)["ETag"]
    assert client.get(FEED, tracked)["ETag"] == client.get(FEED)["ETag"]
    assert client.get(API, tracked)["ETag"] != client.get(API)["ETag"]
    assert etag_of(PAGE, {"page": "2"}) != etag_of(PAGE)


def test_feeds_answer_if_modified_since_even_on_a_cold_cache(client, sea):
    first = client.get("/rss.xml")
    modified = first["Last-Modified"]
    assert client.get("/rss.xml", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    cache.clear()  # another worker, or an evicted entry: the feed is rebuilt, then compared
    again = client.get("/rss.xml", HTTP_IF_MODIFIED_SINCE=modified)
    assert again.status_code == 304 and again["Last-Modified"] == modified
    older = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get("/rss.xml", HTTP_IF_MODIFIED_SINCE=older).status_code == 200
    # If-None-Match decides when both are sent (RFC 9110): a stale ETag gets the feed.
    both = client.get("/rss.xml", HTTP_IF_MODIFIED_SINCE=modified, HTTP_IF_NONE_MATCH='"old"')
    assert both.status_code == 200


def test_pages_without_a_last_modified_ignore_if_modified_since(client, sea):
    response = client.get(PAGE, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2090 00:00:00 GMT")
    assert response.status_code == 200 and not response.has_header("Last-Modified")


@pytest.mark.parametrize("url", [PAGE, FEED, API, "/sitemap.xml"])
def test_one_host_is_never_served_another_hosts_urls(client, sea, two_hosts, settings, url):
    one = client.get(url, HTTP_HOST="one.example")
    two = client.get(url, HTTP_HOST="two.example")
    assert one.status_code == two.status_code == 200
    assert one["ETag"] != two["ETag"]
    assert b"two.example" in two.content and b"one.example" not in two.content
    # Behind a configured address, both hosts get the same response.
    settings.DOSSIERS = {**settings.DOSSIERS, "SITE_URL": "https://analysis.example.org"}
    one = client.get(url, HTTP_HOST="one.example")
    assert one["ETag"] == client.get(url, HTTP_HOST="two.example")["ETag"]


@pytest.mark.parametrize("url", [PAGE, FEED, API, "/sitemap.xml", "/analysis/shipping/"])
def test_a_foreign_host_or_port_first_does_not_change_what_the_next_reader_gets(
    client, sea, settings, url
):
    settings.DOSSIERS = {**settings.DOSSIERS, "SITE_URL": ""}
    settings.ALLOWED_HOSTS = ["analysis.example.org", "mirror.example.net"]
    for foreign in ("mirror.example.net", "analysis.example.org:6666"):
        assert client.get(url, HTTP_HOST=foreign).status_code == 200
    reader = client.get(url, HTTP_HOST="analysis.example.org").content
    assert b"http://analysis.example.org/" in reader
    assert b"mirror.example.net" not in reader and b":6666" not in reader


def test_article_fragments_are_kept_per_host(client, sea, two_hosts):
    one = client.get("/analysis/shipping/", HTTP_HOST="one.example").content.decode()
    two = client.get("/analysis/shipping/", HTTP_HOST="two.example").content.decode()
    assert 'href="http://one.example/analysis/shipping/"' in one
    assert 'href="http://two.example/analysis/shipping/"' in two
    assert "one.example" not in two


def test_a_fragment_is_rendered_once_per_token_and_root(rf, sea, two_hosts):
    calls = []

    def render():
        calls.append(1)
        return f"<p>{len(calls)}</p>"

    one = rf.get("/", HTTP_HOST="one.example")
    assert cached_fragment(one, "piece", render) == "<p>1</p>"
    assert cached_fragment(one, "piece", render) == "<p>1</p>"
    assert cached_fragment(rf.get("/", HTTP_HOST="two.example"), "piece", render) == "<p>2</p>"
    ArticleFactory(title="Anything")
    assert cached_fragment(one, "piece", render) == "<p>3</p>"


@pytest.mark.parametrize("url", [PAGE, "/analysis/shipping/", "/rss.xml", "/sitemap.xml"])
def test_head_answers_like_get_without_a_body(client, sea, url):
    got = client.get(url)
    head = client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    assert head.get("ETag") == got.get("ETag")


def test_head_fills_the_cache_for_get(client, sea, django_assert_num_queries):
    assert client.head(PAGE).status_code == 200
    with django_assert_num_queries(1):  # the content token
        response = client.get(PAGE)
    assert b"Black Sea shipping" in response.content


@pytest.mark.parametrize("url", ["/topics/nowhere/", "/topics/nowhere/rss.xml"])
def test_errors_are_not_stored(client, sea, url):
    assert client.get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 404 and not response.has_header("ETag")
    HubFactory(slug="nowhere", key_entities=[EntityFactory(name="Nowhere")])
    assert client.get(url).status_code == 200


def test_other_methods_are_refused_before_the_cache(client, sea):
    assert client.post(PAGE).status_code == 405
    assert client.post(FEED).status_code == 405
    assert client.options("/sitemap.xml").status_code == 405

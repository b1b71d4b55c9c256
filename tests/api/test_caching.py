"""ETags and conditional GET under the content token; responses cached like pages."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, make_comment

pytestmark = pytest.mark.django_db

URL = "/api/v1/articles"


@pytest.fixture
def site(db):
    writer = AuthorFactory(name="Writer", slug="writer")
    article = ArticleFactory(title="First", slug="first", authors=[writer])
    return {"writer": writer, "article": article}


def test_every_answer_carries_an_etag_and_cache_control(client, site, settings):
    response = client.get(URL)
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34
    assert response["Cache-Control"] == "public, max-age=0"
    settings.DOSSIERS = {**settings.DOSSIERS, "PAGE_MAX_AGE": 60}
    assert client.get("/api/v1/hubs")["Cache-Control"] == "public, max-age=60"


def test_if_none_match_gets_a_304_for_one_query(client, site, django_assert_num_queries):
    etag = client.get(URL)["ETag"]
    with django_assert_num_queries(1):  # the content token
        response = client.get(URL, headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag
    assert client.get(URL, headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    assert client.get(URL, headers={"If-None-Match": f'"other", {etag}'}).status_code == 304
    assert client.get(URL, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_a_cached_answer_costs_one_query_and_is_the_same(client, site, django_assert_num_queries):
    first = client.get(URL)
    with django_assert_num_queries(1):
        again = client.get(URL)
    assert again.content == first.content and again["ETag"] == first["ETag"]


def test_the_etag_depends_on_the_request(client, site):
    etags = {client.get(URL, params)["ETag"] for params in ({}, {"page_size": 5}, {"page": 1})}
    assert len(etags) == 3
    assert client.get("/api/v1/hubs")["ETag"] not in etags


def test_an_edit_changes_the_etag_and_the_answer(client, site):
    before = client.get(URL)
    ArticleFactory(
        title="Second", slug="second", authors=[site["writer"]], published_at=timezone.now()
    )
    after = client.get(URL, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert [a["slug"] for a in after.json()["results"]] == ["second", "first"]


def test_an_approved_comment_changes_the_article_answers(client, site):
    before = client.get("/api/v1/articles/first/comments")
    make_comment(site["article"], body="Now there is one.")
    after = client.get("/api/v1/articles/first/comments", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and after.json()["count"] == 1


def test_a_scheduled_article_appears_when_due_without_an_edit(client, site):
    due = timezone.now() + dt.timedelta(hours=2)
    ArticleFactory(title="Later", slug="later", published_at=due, authors=[site["writer"]])
    before = client.get(URL)
    assert [a["slug"] for a in before.json()["results"]] == ["first"]
    with time_machine.travel(due + dt.timedelta(minutes=1)):
        after = client.get(URL, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert [a["slug"] for a in after.json()["results"]] == ["later", "first"]


def test_errors_are_not_cached(client, site, django_assert_num_queries):
    assert client.get("/api/v1/articles/nothing").status_code == 404
    response = client.get("/api/v1/articles/nothing")
    assert response.status_code == 404 and not response.has_header("ETag")
    ArticleFactory(title="Nothing", slug="nothing", authors=[site["writer"]])
    assert client.get("/api/v1/articles/nothing").status_code == 200

"""Cached pages go stale at once when content changes, and only then."""

import pytest
from django.db import transaction

from dossiers.comments.services import comment_moderate
from dossiers.core.freshness import content_token
from dossiers.pipeline.services import article_save
from tests.factories import ArticleFactory, EntityFactory, HubFactory, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub():
    entity = EntityFactory(name="Black Sea")
    article = ArticleFactory(title="Black Sea shipping", body="")
    HubFactory(slug="sea", key_entities=[entity])
    return article


def test_an_edit_shows_on_the_next_request(client, hub):
    assert "Black Sea shipping" in client.get("/topics/sea/").content.decode()
    article_save(
        article=hub,
        title="Black Sea insurance",
        body="",
        authors=list(hub.authors.all()),
        status=hub.status,
        published_at=hub.published_at,
    )
    html = client.get("/topics/sea/").content.decode()
    assert "Black Sea insurance" in html and "Black Sea shipping" not in html


def test_moderation_updates_cached_comment_counts(client, hub):
    comment = make_comment(hub, status="pending")
    assert "0 Comments" in client.get("/topics/sea/").content.decode()
    assert "0 Comments" in client.get(f"/analysis/{hub.slug}/").content.decode()
    comment_moderate(comment_ids=[comment.pk], status="approved")
    assert "1 Comment<" in client.get("/topics/sea/").content.decode()
    assert f"comment-{comment.pk}" in client.get(f"/analysis/{hub.slug}/").content.decode()


def test_a_rolled_back_write_leaves_the_token_alone(hub):
    before = content_token()
    with pytest.raises(RuntimeError), transaction.atomic():
        ArticleFactory(title="Never saved")
        raise RuntimeError
    assert content_token() == before


def test_unchanged_pages_answer_conditional_requests_with_304(client, hub):
    first = client.get("/topics/sea/")
    etag = first["ETag"]
    again = client.get("/topics/sea/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    ArticleFactory(title="Black Sea again", body="")
    assert client.get("/topics/sea/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_pages_differ_by_page_number_but_not_by_tracking_parameters(client, hub):
    plain = client.get("/topics/sea/")
    tracked = client.get("/topics/sea/?utm_source=newsletter")
    assert plain["ETag"] == tracked["ETag"]
    assert client.get("/topics/sea/page/2/").status_code == 404

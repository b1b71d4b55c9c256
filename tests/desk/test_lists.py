"""The editorial admin: lists load, search and filter; hubs show why articles are on them."""

import datetime as dt

import pytest
from django.utils import timezone

from dossiers.comments.models import Comment
from dossiers.hubs.models import Hub
from dossiers.publishing.models import Article
from tests.conftest import parse_html
from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, HubFactory, make_comment

pytestmark = pytest.mark.django_db

LISTS = [
    "/admin/publishing/article/",
    "/admin/publishing/author/",
    "/admin/knowledge/entity/",
    "/admin/knowledge/mention/",
    "/admin/hubs/hub/",
    "/admin/hubs/hubmembership/",
    "/admin/comments/comment/",
]


@pytest.fixture
def content():
    entity = EntityFactory(name="Black Sea", aliases=["Black Sea basin"])
    article = ArticleFactory(title="Black Sea mines", body="The Black Sea basin.")
    hub = HubFactory(name="Black Sea Security", key_entities=[entity])
    make_comment(article, status="pending")
    return {"entity": entity, "article": article, "hub": hub}


@pytest.mark.parametrize("url", LISTS)
def test_every_list_loads_searches_and_has_filters(admin_client, content, url):
    page = parse_html(admin_client.get(url))
    assert page.css_first("#changelist-search") is not None, "no search box"
    assert page.css_first("#changelist-filter") is not None, "no filters"
    assert admin_client.get(url, {"q": "Black"}).status_code == 200


def test_the_hub_page_in_the_admin_lists_collected_articles_with_reasons(admin_client, content):
    page = admin_client.get(f"/admin/hubs/hub/{content['hub'].pk}/change/").content.decode()
    assert "Black Sea mines" in page
    assert "about Black Sea (title, 2 mentions)" in page


def test_publication_filter_separates_live_scheduled_and_draft(admin_client, content):
    ArticleFactory(title="Future piece", published_at=timezone.now() + dt.timedelta(days=1))
    ArticleFactory(title="Draft piece", status="draft")
    titles = {"scheduled": "Future piece", "draft": "Draft piece", "live": "Black Sea mines"}
    for value, title in titles.items():
        page = parse_html(admin_client.get("/admin/publishing/article/", {"publication": value}))
        assert [cell.text() for cell in page.css("#result_list .field-title")] == [title]


def test_saving_an_article_in_the_admin_renders_links_and_collects_it(admin_client, content):
    author = AuthorFactory()
    form = {
        "title": "Shipping in the Black Sea",
        "slug": "shipping-black-sea",
        "summary": "",
        "body": "Insurers and the **Black Sea**.",
        "status": "published",
        "published_at_0": "2025-06-01",
        "published_at_1": "10:00:00",
        "canonical_url": "",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "1",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-author": str(author.pk),
        "bylines-0-position": "0",
    }
    response = admin_client.post("/admin/publishing/article/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="shipping-black-sea")
    assert "<strong>Black Sea</strong>" in article.body_html
    assert article.summary == "Insurers and the Black Sea."
    assert content["hub"].memberships.filter(article=article).exists()


def test_an_article_needs_an_author_in_the_admin(admin_client):
    form = {
        "title": "Orphan",
        "slug": "orphan",
        "body": "x",
        "status": "draft",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "1",
        "bylines-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post("/admin/publishing/article/add/", form)
    assert response.status_code == 200
    assert not Article.objects.filter(slug="orphan").exists()


def test_pinning_and_excluding_the_same_article_is_refused(admin_client, content):
    hub, article = content["hub"], content["article"]
    form = {
        "name": hub.name,
        "headline": hub.headline,
        "slug": hub.slug,
        "status": "published",
        "intro": "",
        "pinned_articles": [article.pk],
        "excluded_articles": [article.pk],
        "key_links-TOTAL_FORMS": "0",
        "key_links-INITIAL_FORMS": "0",
        "key_links-MIN_NUM_FORMS": "0",
        "key_links-MAX_NUM_FORMS": "1000",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "0",
    }
    response = admin_client.post(f"/admin/hubs/hub/{hub.pk}/change/", form)
    assert response.status_code == 200
    assert "Pinned and excluded at once" in response.content.decode()
    assert not Hub.objects.get(pk=hub.pk).pinned_articles.exists()


def test_bulk_moderation_updates_counts(admin_client, content):
    comment = Comment.objects.get()
    response = admin_client.post(
        "/admin/comments/comment/", {"action": "approve", "_selected_action": [comment.pk]}
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=content["article"].pk).comment_count == 1


def test_the_moderation_queue_lists_pending_comments_first(admin_client, content):
    make_comment(content["article"], body="An approved one, newer.")
    page = parse_html(admin_client.get("/admin/comments/comment/"))
    statuses = [cell.text() for cell in page.css("#result_list .field-status")]
    assert statuses == ["Pending", "Approved"]

"""The comment form as a reader's browser posts it."""

import time

import pytest
from django.test import Client

from dossiers.comments.forms import issue_ticket
from dossiers.comments.models import Comment, CommentStatus
from tests.conftest import executable_scripts, parse_html
from tests.factories import ArticleFactory, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(title="Montreux at ninety")


def form_data(article, **overrides):
    data = {
        "name": "Reader One",
        "email": "one@example.net",
        "url": "",
        "body": "I *disagree* with the second point.",
        "website": "",
        "ticket": issue_ticket(article.pk, now=time.time() - 30),
    }
    data.update(overrides)
    return data


def post(client, article, **overrides):
    return client.post(
        f"/analysis/{article.slug}/comments/",
        form_data(article, **overrides),
        REMOTE_ADDR="203.0.113.5",
    )


def test_a_new_reader_sees_their_comment_held_for_moderation(client, article):
    response = post(client, article)
    assert response.status_code == 303
    assert "?held=" in response["Location"]
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    page = client.get(response["Location"])
    held = parse_html(page).css_first("#comment-held")
    assert "awaiting moderation" in held.text()
    assert "disagree" in held.text()
    # not public: another visitor does not see it
    assert "I disagree" not in client.get(f"/analysis/{article.slug}/").content.decode()


def test_an_approved_reader_is_published_at_once(client, article):
    make_comment(article, email="one@example.net")
    response = post(client, article)
    comment = Comment.objects.latest("pk")
    assert comment.status == CommentStatus.APPROVED
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    page = parse_html(client.get(f"/analysis/{article.slug}/"))
    assert page.css_first(f"#comment-{comment.pk}") is not None
    assert page.css_first("#comments-heading").text() == "2 Comments"


def test_csrf_is_enforced(article):
    client = Client(enforce_csrf_checks=True)
    response = post(client, article)
    assert response.status_code == 403
    assert "Form expired" in response.content.decode()
    assert not Comment.objects.exists()
    page = client.get(f"/analysis/{article.slug}/")
    token = parse_html(page).css_first("input[name=csrfmiddlewaretoken]").attributes["value"]
    response = client.post(
        f"/analysis/{article.slug}/comments/",
        form_data(article, csrfmiddlewaretoken=token),
        REMOTE_ADDR="203.0.113.5",
    )
    assert response.status_code == 303


def test_the_honeypot_rejects_bots(client, article):
    response = post(client, article, website="https://buy.example")
    assert response.status_code == 400
    errors = parse_html(response).css_first(".form-errors").text()
    assert "could not be accepted" in errors and "send it again" in errors
    assert "field" not in errors and "empty" not in errors  # nothing a bot could learn from
    assert not Comment.objects.exists()


def test_an_overlong_comment_says_how_long_and_keeps_the_text(client, article, settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "COMMENTS_MAX_LENGTH": 50}
    response = post(client, article, body="x" * 60 + " the end of my argument")
    assert response.status_code == 400
    page = parse_html(response)
    assert "83 characters long and the limit is 50" in page.text()
    assert "the end of my argument" in page.css_first("textarea[name=body]").text()
    huge = post(client, article, body="y" * 500)
    assert len(parse_html(huge).css_first("textarea[name=body]").text().strip()) == 100


def test_a_form_sent_too_fast_is_refused_and_keeps_the_text(client, article):
    response = post(client, article, ticket=issue_ticket(article.pk, now=time.time()))
    assert response.status_code == 400
    page = parse_html(response)
    assert "very quick" in page.css_first(".form-errors").text()
    assert "disagree" in page.css_first("textarea[name=body]").text()
    assert not Comment.objects.exists()


def test_a_forged_or_foreign_ticket_is_refused(client, article):
    other = ArticleFactory()
    for ticket in ("garbage", issue_ticket(other.pk, now=time.time() - 30)):
        response = post(client, article, ticket=ticket)
        assert response.status_code == 400
    assert not Comment.objects.exists()


def test_malformed_fields_give_form_errors_and_store_nothing(client, article):
    response = post(client, article, email="nope", name="", body="x" * 6000)
    assert response.status_code == 400
    page = parse_html(response)
    errors = [node.text() for node in page.css(".field .error")]
    assert len(errors) == 3
    assert not Comment.objects.exists()


def test_the_rate_limit_answers_429(client, article, settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "COMMENTS_RATE_LIMIT": 1}
    assert post(client, article).status_code == 303
    response = post(client, article, body="Another one")
    assert response.status_code == 429
    assert "short time" in response.content.decode()
    assert Comment.objects.count() == 1


def test_replies_are_threaded_and_reply_links_stop_at_the_depth_limit(client, article, settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "COMMENTS_MAX_DEPTH": 2}
    root = make_comment(article, body="Root comment")
    child = make_comment(article, parent=root, body="Child comment")
    page = parse_html(client.get(f"/analysis/{article.slug}/"))
    child_node = page.css_first(f"#comment-{root.pk} #comment-{child.pk}")
    assert child_node is not None and "Child comment" in child_node.text()
    assert page.css_first(f"#comment-{root.pk} > article .comment-reply") is not None
    assert page.css_first(f"#comment-{child.pk} .comment-reply") is None
    reply_page = parse_html(client.get(f"/analysis/{article.slug}/?reply={root.pk}"))
    assert reply_page.css_first("#comment-form input[name=parent]").attributes["value"] == str(
        root.pk
    )
    response = post(client, article, parent=str(root.pk))
    assert response.status_code == 303
    assert Comment.objects.latest("pk").parent_id == root.pk


def test_script_payloads_in_comments_are_never_markup(client, article):
    comment = make_comment(
        article,
        name='<script>alert("n")</script>',
        body='<script>alert("x")</script> nice try <img src=x onerror=alert(1)>',
    )
    page = parse_html(client.get(f"/analysis/{article.slug}/"))
    assert executable_scripts(page) == []
    assert page.css("[onerror]") == []
    node = page.css_first(f"#comment-{comment.pk}")
    assert '<script>alert("x")</script> nice try' in node.css_first(".comment-body").text()
    assert node.css_first(".comment-author").text() == '<script>alert("n")</script>'


def test_get_on_the_comment_address_goes_back_to_the_discussion(client, article):
    response = client.get(f"/analysis/{article.slug}/comments/")
    assert response.status_code == 302
    assert response["Location"] == f"/analysis/{article.slug}/#comments"
    assert client.head(f"/analysis/{article.slug}/comments/").status_code == 302
    assert client.put(f"/analysis/{article.slug}/comments/").status_code == 405
    assert client.get("/analysis/no-such-piece/comments/").status_code == 404

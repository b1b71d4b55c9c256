import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dossiers.comments.models import Comment, CommentStatus
from dossiers.comments.services import (
    CommentRateLimited,
    comment_count_check,
    comment_moderate,
    comment_submit,
)
from dossiers.publishing.models import Article
from tests.factories import ArticleFactory, make_comment

pytestmark = pytest.mark.django_db


def submit(article, **kwargs):
    values = {
        "name": "Ada",
        "email": "ada@example.net",
        "body": "Thoughtful words.",
        "ip": "203.0.113.9",
    }
    values.update(kwargs)
    return comment_submit(article=article, **values)


def test_first_time_commenters_are_held_and_returning_approved_ones_published(settings):
    article = ArticleFactory()
    first = submit(article)
    assert first.status == CommentStatus.PENDING
    comment_moderate(comment_ids=[first.pk], status=CommentStatus.APPROVED)
    again = submit(article, email="ADA@example.net")
    assert again.status == CommentStatus.APPROVED
    settings.DOSSIERS = {**settings.DOSSIERS, "COMMENTS_TRUST_RETURNING": False}
    assert submit(article).status == CommentStatus.PENDING


def test_a_returning_commenter_posting_many_links_is_held():
    article = ArticleFactory()
    make_comment(article, email="ada@example.net")
    links = " ".join(f"https://spam{i}.example" for i in range(4))
    assert submit(article, body=links).status == CommentStatus.PENDING


def test_counts_follow_moderation_and_count_approved_only():
    article = ArticleFactory()
    comments = [submit(article, ip=f"198.51.100.{i}") for i in range(3)]
    assert Article.objects.get(pk=article.pk).comment_count == 0
    comment_moderate(comment_ids=[c.pk for c in comments[:2]], status=CommentStatus.APPROVED)
    assert Article.objects.get(pk=article.pk).comment_count == 2
    comment_moderate(comment_ids=[comments[0].pk], status=CommentStatus.SPAM)
    assert Article.objects.get(pk=article.pk).comment_count == 1
    assert comment_count_check() == []


def test_replies_thread_under_approved_parents_up_to_the_depth_limit(settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "COMMENTS_MAX_DEPTH": 2}
    article = ArticleFactory()
    root = make_comment(article)
    reply = submit(article, parent_id=root.pk)
    assert (reply.parent_id, reply.depth) == (root.pk, 1)
    comment_moderate(comment_ids=[reply.pk], status=CommentStatus.APPROVED)
    with pytest.raises(ValidationError, match="too deep"):
        submit(article, parent_id=reply.pk, ip="198.51.100.1")


def test_replying_to_a_pending_or_foreign_comment_is_refused():
    article, other = ArticleFactory(), ArticleFactory()
    pending = make_comment(article, status=CommentStatus.PENDING)
    foreign = make_comment(other)
    for parent in (pending, foreign):
        with pytest.raises(ValidationError):
            submit(article, parent_id=parent.pk)


def test_rate_limit_per_address(settings):
    settings.DOSSIERS = {
        **settings.DOSSIERS,
        "COMMENTS_RATE_LIMIT": 2,
        "COMMENTS_RATE_WINDOW_SECONDS": 600,
    }
    article = ArticleFactory()
    now = timezone.now()
    submit(article, now=now)
    submit(article, now=now + dt.timedelta(seconds=1))
    with pytest.raises(CommentRateLimited) as caught:
        submit(article, now=now + dt.timedelta(seconds=2))
    assert 590 <= caught.value.retry_after <= 600
    submit(article, ip="192.0.2.1", now=now + dt.timedelta(seconds=2))  # another reader is fine
    submit(article, now=now + dt.timedelta(seconds=601))  # and the window moves on
    assert Comment.objects.count() == 4


def test_addresses_are_stored_only_as_keyed_hashes():
    comment = submit(ArticleFactory(), ip="203.0.113.9")
    assert "203.0.113.9" not in comment.ip_hash and len(comment.ip_hash) == 32


def test_comments_on_drafts_or_scheduled_articles_are_refused():
    for article in (
        ArticleFactory(status="draft"),
        ArticleFactory(published_at=timezone.now() + dt.timedelta(days=1)),
    ):
        with pytest.raises(ValidationError):
            submit(article)
    assert not Comment.objects.exists()


def test_overlong_or_malformed_fields_store_nothing():
    article = ArticleFactory()
    for bad in (
        {"name": "x" * 81},
        {"email": "not-an-email"},
        {"url": "javascript:alert(1)"},
        {"body": ""},
    ):
        with pytest.raises(ValidationError):
            submit(article, **bad)
    assert not Comment.objects.exists()


def test_a_held_comment_keeps_every_cached_page_and_publishing_one_moves_the_token():
    from dossiers.comments.services import comment_delete
    from dossiers.core.freshness import content_token

    article = ArticleFactory()
    before = content_token()
    held = submit(article)
    assert held.status == CommentStatus.PENDING and content_token() == before
    comment_moderate(comment_ids=[held.pk], status=CommentStatus.APPROVED)
    approved = content_token()
    assert approved != before
    again = submit(article, body="A second thought.")  # a returning commenter: published
    assert again.status == CommentStatus.APPROVED and content_token() != approved
    latest = content_token()
    comment_delete(comment_ids=[again.pk])
    assert content_token() != latest

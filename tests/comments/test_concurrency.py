"""The comment rate limit holds exactly when posts from one address arrive at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from dossiers.comments.models import Comment
from dossiers.comments.services import CommentRateLimited, comment_submit
from tests.factories import ArticleFactory

POSTS = 40


@pytest.mark.django_db(transaction=True)
def test_forty_simultaneous_posts_from_one_address_store_exactly_the_limit(settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "COMMENTS_RATE_LIMIT": 5}
    article = ArticleFactory()
    start = threading.Barrier(POSTS)

    def post(n: int) -> str:
        try:
            start.wait()
            comment_submit(
                article=article,
                name=f"Reader {n}",
                email=f"reader{n}@example.net",
                body=f"Comment number {n}.",
                ip="203.0.113.77",
            )
            return "stored"
        except CommentRateLimited:
            return "limited"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=POSTS) as pool:
        outcomes = list(pool.map(post, range(POSTS)))

    assert outcomes.count("stored") == 5
    assert outcomes.count("limited") == POSTS - 5
    assert Comment.objects.count() == 5
    # Another address is not held back by the first one's limit.
    comment_submit(article=article, name="Ada", email="ada@example.net", body="Hi.", ip="192.0.2.1")

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dossiers.publishing.models import Article, ArticleStatus
from dossiers.publishing.services import article_write
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_article_write_renders_sanitised_html_text_words_and_a_summary():
    article = ArticleFactory(
        body="First *sentence* here. Second sentence.\n\n<script>alert(1)</script>", summary=""
    )
    assert "<em>sentence</em>" in article.body_html
    assert "<script" not in article.body_html
    assert article.body_text.startswith("First sentence here.")
    assert article.word_count == 5
    assert article.summary == "First sentence here. Second sentence."


def test_article_write_keeps_the_byline_order_and_drops_duplicates():
    first, second = AuthorFactory(name="Zed Last"), AuthorFactory(name="Amy First")
    article = ArticleFactory(authors=[first, second, first])
    assert [b.author.name for b in article.bylines.all()] == ["Zed Last", "Amy First"]


def test_a_published_article_without_a_date_is_published_now():
    article = ArticleFactory(published_at=None)
    assert article.published_at is not None
    assert abs((timezone.now() - article.published_at).total_seconds()) < 5


def test_slugs_are_unique_and_derived_from_the_title():
    one = ArticleFactory(title="Turkey and NATO")
    two = ArticleFactory(title="Turkey and NATO")
    assert (one.slug, two.slug) == ("turkey-and-nato", "turkey-and-nato-2")


def test_bad_input_raises_and_saves_nothing():
    author = AuthorFactory()
    with pytest.raises(ValidationError):
        article_write(title="", body="x", authors=[author])
    with pytest.raises(ValidationError):
        article_write(title="x" * 301, body="x", authors=[author])
    with pytest.raises(ValidationError):
        article_write(title="No author", body="x", authors=[])
    with pytest.raises(ValidationError):
        article_write(
            title="Naive",
            body="x",
            authors=[author],
            published_at=dt.datetime(2025, 1, 1),  # noqa: DTZ001
        )
    with pytest.raises(ValidationError):
        article_write(title="Bad status", body="x", authors=[author], status="secret")
    assert not Article.objects.exists()


def test_visibility_covers_drafts_and_schedules():
    now = timezone.now()
    live = ArticleFactory(published_at=now - dt.timedelta(hours=1))
    ArticleFactory(status=ArticleStatus.DRAFT)
    scheduled = ArticleFactory(published_at=now + dt.timedelta(hours=1))
    assert list(Article.objects.visible(now)) == [live]
    assert scheduled.is_scheduled and not scheduled.is_visible(now)
    assert scheduled.is_visible(now + dt.timedelta(hours=2))

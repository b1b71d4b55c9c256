import datetime as dt
import itertools

import pytest
from django.utils import timezone

from dossiers.publishing.models import Article, ArticleStatus
from dossiers.search.backends.base import IndexDocument

_numbers = itertools.count()


def article_row(
    *,
    title: str = "",
    summary: str = "",
    body: str = "",
    published_at: dt.datetime | None = None,
    status: str = ArticleStatus.PUBLISHED,
) -> Article:
    """A bare article row (no services, no signals' work): backends only need the key."""
    n = next(_numbers)
    return Article.objects.create(
        title=title or f"Row {n}",
        slug=f"row-{n}",
        summary=summary,
        body=body,
        body_text=body,
        status=status,
        published_at=published_at or timezone.now() - dt.timedelta(days=1, minutes=n),
    )


def document(article: Article) -> IndexDocument:
    return IndexDocument(
        article_id=article.pk,
        title=article.title,
        summary=article.summary,
        body=article.body_text,
        published_at=article.published_at,
        updated_at=article.updated_at,
    )


@pytest.fixture
def add(db):
    """Create articles and return their index documents: add(backend, title=…, body=…)."""

    def make(backend, **fields):
        article = article_row(**fields)
        backend.index([document(article)])
        return article

    return make

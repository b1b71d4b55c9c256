"""Writes for authors and articles.

Authors are written here by every caller. An article's own row and byline are
written here too (`article_write`, `article_create_many`), but callers save
articles through `dossiers.pipeline.services.article_save`, which goes on to
derive what other contexts keep about the article (mentions, hubs, search,
related analyses): publishing knows none of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.core.freshness import content_changed
from dossiers.core.markdown import (
    html_to_text,
    lead_paragraph,
    plain_text,
    render_article_markdown,
)
from dossiers.core.text import summary_from_text, unique_slug, word_count
from dossiers.media.body import media_ids, resolve_media
from dossiers.media.selectors import image_refs
from dossiers.publishing.models import Article, ArticleAuthor, ArticleStatus, Author, Page
from dossiers.publishing.selectors import FOOTER_CACHE_KEY


def author_render(author: Author) -> None:
    """Fill the derived fields of an author (in memory)."""
    author.bio_html = render_article_markdown(author.bio)


@transaction.atomic
def author_save(
    *,
    author: Author | None = None,
    name: str,
    slug: str = "",
    bio: str = "",
    links: Sequence[str] = (),
) -> Author:
    author = author or Author()
    author.name = " ".join(name.split())
    author.slug = slug.strip() or unique_slug(
        author.name,
        exists=lambda s: Author.objects.filter(slug=s).exclude(pk=author.pk).exists(),
    )
    author.bio = bio
    author.links = [link.strip() for link in links if link.strip()]
    author.updated_at = timezone.now()
    author_render(author)
    author.full_clean()
    author.save()
    return author


def article_render(article: Article) -> None:
    """Fill the derived fields of an article from its Markdown (in memory; one query when the
    text shows images of the library, `media:ID`)."""
    body_html = render_article_markdown(article.body)
    ids = media_ids(body_html)
    article.body_html = resolve_media(body_html, image_refs(ids)) if ids else body_html
    article.body_text = html_to_text(article.body_html)
    article.word_count = word_count(article.body_text)
    if not article.summary.strip():
        # The first real paragraph (not a heading or a list run into it), whole sentences.
        lead = lead_paragraph(article.body_html) or article.body_text
        article.summary = summary_from_text(lead)


def article_prepare_publication(article: Article, *, now: dt.datetime | None = None) -> None:
    """A published article without a date is published now."""
    if article.status == ArticleStatus.PUBLISHED and article.published_at is None:
        article.published_at = now or timezone.now()


@transaction.atomic
def article_write(
    *,
    article: Article | None = None,
    title: str,
    body: str,
    authors: Sequence[Author],
    summary: str = "",
    slug: str = "",
    status: str = ArticleStatus.DRAFT,
    published_at: dt.datetime | None = None,
    canonical_url: str = "",
    updated_at: dt.datetime | None = None,
    sticky: bool | None = None,
) -> Article:
    """Create or update an article with its byline: validated, rendered, saved.

    The first step of the pipeline's `article_save`; nothing is derived here.
    `updated_at` is for an import that knows when the source last changed the
    article (else: now). Raises ValidationError (nothing saved) when a field is wrong.
    """
    article = article or Article()
    article.title = title.strip()
    article.body = body
    article.summary = plain_text(summary)  # a summary is text wherever it came from
    article.status = status
    article.published_at = published_at
    article.canonical_url = canonical_url.strip()
    if sticky is not None:  # None: as it was
        article.sticky = sticky
    if not authors:
        raise ValidationError({"authors": "An article needs at least one author."})
    if published_at is not None and timezone.is_naive(published_at):
        raise ValidationError({"published_at": "Give the publication time with a time zone."})
    article.slug = (
        slug.strip()
        or article.slug
        or unique_slug(
            article.title,
            exists=lambda s: Article.objects.filter(slug=s).exclude(pk=article.pk).exists(),
        )
    )
    article_prepare_publication(article)
    article_render(article)
    article.updated_at = updated_at or timezone.now()
    article.full_clean()
    is_new = article.pk is None
    article.save()
    article_set_authors(article=article, authors=authors, replace=not is_new)
    return article


def article_featured_image_set(*, article: Article, image_id: int | None) -> None:
    """Set (or clear) an article's featured image (the demo, the importers)."""
    article.featured_image_id = image_id
    article.save(update_fields=["featured_image"])


def author_photo_set(*, author: Author, image_id: int | None) -> None:
    author.photo_id = image_id
    author.save(update_fields=["photo"])


@dataclass(frozen=True)
class ArticleDraft:
    """One new article for `article_create_many`."""

    title: str
    body: str
    authors: tuple[Author, ...]
    slug: str
    summary: str = ""
    status: str = ArticleStatus.DRAFT
    published_at: dt.datetime | None = None
    canonical_url: str = ""
    updated_at: dt.datetime | None = None  # when the source last changed it (else: now)
    sticky: bool = False


@transaction.atomic
def article_create_many(*, drafts: Sequence[ArticleDraft]) -> list[Article | ValidationError]:
    """Create many new articles at once (a bulk import): each is rendered and validated
    like `article_write` does, then all are inserted with two queries (articles, bylines).

    Returns, in order, the saved article or the ValidationError that kept it out. Slugs
    must be given and free (the caller reserves them). Derivation (mentions, hubs) is the
    caller's: it re-links once when the whole import is written.
    """
    results: list[Article | ValidationError] = []
    valid: list[tuple[Article, tuple[Author, ...]]] = []
    taken = set(
        Article.objects.filter(slug__in=[d.slug for d in drafts]).values_list("slug", flat=True)
    )
    now = timezone.now()
    for draft in drafts:
        article = Article(
            title=draft.title.strip(),
            body=draft.body,
            summary=plain_text(draft.summary),
            status=draft.status,
            published_at=draft.published_at,
            canonical_url=draft.canonical_url.strip(),
            slug=draft.slug,
            sticky=draft.sticky,
            created_at=now,
            updated_at=draft.updated_at or now,
        )
        try:
            if not draft.authors:
                raise ValidationError({"authors": "An article needs at least one author."})
            if draft.published_at is not None and timezone.is_naive(draft.published_at):
                raise ValidationError(
                    {"published_at": "Give the publication time with a time zone."}
                )
            if not draft.slug or draft.slug in taken:
                raise ValidationError({"slug": f"The slug {draft.slug!r} is missing or taken."})
            article_prepare_publication(article, now=now)
            article_render(article)
            article.full_clean(validate_unique=False)
        except ValidationError as error:
            results.append(error)
            continue
        taken.add(draft.slug)
        valid.append((article, draft.authors))
        results.append(article)
    Article.objects.bulk_create([article for article, _ in valid], batch_size=500)
    bylines = []
    for article, authors in valid:
        seen: set[int] = set()
        for author in authors:
            if author.pk not in seen:
                seen.add(author.pk)
                bylines.append(
                    ArticleAuthor(article=article, author=author, position=len(seen) - 1)
                )
    ArticleAuthor.objects.bulk_create(bylines, batch_size=1000)
    if valid:
        content_changed()
    return results


def article_set_authors(
    *, article: Article, authors: Sequence[Author], replace: bool = True
) -> None:
    """The byline, in order; `replace=False` for a new article, which has none to delete."""
    seen: set[int] = set()
    ordered = [a for a in authors if not (a.pk in seen or seen.add(a.pk))]  # type: ignore[func-returns-value]
    if replace:
        ArticleAuthor.objects.filter(article=article).delete()
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author=author, position=i)
        for i, author in enumerate(ordered)
    )


@transaction.atomic
def article_delete(*, article: Article) -> None:
    article.delete()


# Addresses the site's own sections use: a standing page may not take them.
RESERVED_PAGE_SLUGS = frozenset(
    {
        "topics",
        "analysis",
        "authors",
        "entities",
        "glossary",
        "search",
        "preview",
        "api",
        "admin",
        "static",
        "media",
        "feeds",
        "page",
    }
)


@transaction.atomic
def page_write(
    *,
    page: Page | None = None,
    title: str,
    body: str,
    slug: str = "",
    in_footer: bool = True,
    position: int = 0,
) -> Page:
    """Create or update a standing page (about, contact, privacy). Validated before saving;
    the footer's cached list of links is dropped after the commit."""
    page = page or Page()
    page.title = " ".join(title.split())
    page.slug = slug.strip() or unique_slug(
        page.title,
        exists=lambda s: (
            s in RESERVED_PAGE_SLUGS or Page.objects.filter(slug=s).exclude(pk=page.pk).exists()
        ),
        max_length=100,
    )
    if page.slug in RESERVED_PAGE_SLUGS:
        raise ValidationError(
            {"slug": f"/{page.slug}/ is one of the site's own addresses: choose another."}
        )
    page.body = body
    page.body_html = render_article_markdown(body)
    page.in_footer = in_footer
    page.position = position
    page.updated_at = timezone.now()
    page.full_clean()
    page.save()
    content_changed()  # every page's footer may show it
    transaction.on_commit(lambda: cache.delete(FOOTER_CACHE_KEY))
    return page


@transaction.atomic
def page_delete(*, page: Page) -> None:
    page.delete()
    content_changed()
    transaction.on_commit(lambda: cache.delete(FOOTER_CACHE_KEY))

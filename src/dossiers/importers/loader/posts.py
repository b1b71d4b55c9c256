"""Posts: new ones created in bulk (`article_create_many`), changed ones rewritten one by
one (`article_write`), unchanged ones skipped; none derived here (see `load`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from dossiers.core.text import unique_slug
from dossiers.core.validation import error_text, valid_http_url
from dossiers.importers import items
from dossiers.importers.loader.authors import byline
from dossiers.importers.loader.media import post_media
from dossiers.importers.loader.state import State, digest
from dossiers.importers.loader.terms import named, ref_entity
from dossiers.importers.models import LegacyTarget
from dossiers.knowledge.models import Filing
from dossiers.pipeline.services import Written, text_before
from dossiers.publishing.models import Article, ArticleStatus
from dossiers.publishing.services import (
    ArticleDraft,
    article_create_many,
    article_featured_image_set,
    article_write,
)
from dossiers.related.index import Text

TITLE_LENGTH = 300
Landed = list[tuple[Article, items.Post]]  # articles written or unchanged, with their post


@dataclass(frozen=True)
class _New:
    """A new post waiting for `article_create_many`."""

    post: items.Post
    draft: ArticleDraft
    fingerprint: str
    notes: list[str]


def posts_load(state: State, posts: list[items.Post]) -> Landed:
    """Write a batch of posts; returns the articles they landed in, for their comments."""
    landed: Landed = []
    waiting: dict[str, _New] = {}  # by GUID
    for post in posts:
        if post.guid in waiting:
            # The same GUID twice: the first must exist before the second updates it.
            landed += _create(state, waiting)
            waiting.clear()
        landed += _post(state, post, waiting)
        state.posts_seen += 1
        state.progress(state.posts_seen, state.source.total)
    landed += _create(state, waiting)
    return landed


def _post(state: State, post: items.Post, waiting: dict[str, _New]) -> Landed:
    label = post.title[:120]
    post = post_media(state, post)
    for name, n in post.counters:
        state.report.counters[name] += n
    status, published_at, note = _publication(state, post)
    if status is None:
        state.report.add("skipped", "article", label, note)
        return []
    fingerprint = digest(replace(post, comments=()))
    remembered = state.ledger.recall("article", post.guid)
    article = Article.objects.filter(pk=remembered[0]).first() if remembered else None
    if article is None and state.options.match_slug and post.slug:
        article = Article.objects.filter(slug=post.slug).first()
    if article is not None and remembered and remembered[1] == fingerprint:
        state.report.add("skipped", "article", label, "unchanged since the last import")
        return [(article, post)]
    notes = list(post.notes) + ([note] if note else [])
    canonical = valid_http_url(post.canonical_url, 500)
    if post.canonical_url and not canonical:
        notes.append(f"source link dropped (not a valid http(s) URL): {post.canonical_url[:80]}")
    title = _title(post, notes)
    if article is None:
        slug = _slug(state, post.slug) or _slug(state, slugify(title) or "article")
        state.slugs.add(slug)
        draft = ArticleDraft(
            title=title,
            body=post.body,
            authors=tuple(byline(state, post)),
            slug=slug,
            summary=post.summary,
            status=status,
            published_at=published_at,
            canonical_url=canonical,
            updated_at=_updated_at(post, published_at),
            sticky=post.sticky,
        )
        waiting[post.guid] = _New(post, draft, fingerprint, notes)
        return []
    before = text_before(article=article)
    try:
        # article_write validates everything before it writes anything: a refused post
        # leaves no trace, and the import goes on with the next one.
        article = article_write(
            article=article,
            title=title,
            body=post.body,
            authors=byline(state, post),
            summary=post.summary,
            slug=article.slug,
            status=status,
            published_at=published_at,
            canonical_url=canonical,
            updated_at=_updated_at(post, published_at),
            sticky=post.sticky,
        )
    except ValidationError as error:
        state.report.add("failed", "article", label, error_text(error))
        return []
    _written(state, article, post, fingerprint, notes, before=before)
    return [(article, post)]


def _create(state: State, waiting: dict[str, _New]) -> Landed:
    """Create the waiting new posts in one go, then their filings and addresses."""
    if not waiting:
        return []
    landed: Landed = []
    results = article_create_many(drafts=[new.draft for new in waiting.values()])
    for new, result in zip(waiting.values(), results, strict=True):
        if isinstance(result, ValidationError):
            state.slugs.discard(new.draft.slug)
            state.report.add("failed", "article", new.post.title[:120], error_text(result))
            continue
        _written(state, result, new.post, new.fingerprint, new.notes, before=None, created=True)
        landed.append((result, new.post))
    return landed


def _written(
    state: State,
    article: Article,
    post: items.Post,
    fingerprint: str,
    notes: list[str],
    *,
    before: Text | None,
    created: bool = False,
) -> None:
    state.slugs.add(article.slug)
    featured = int(post.featured_image[6:]) if post.featured_image.startswith("media:") else None
    if article.featured_image_id != featured:
        article_featured_image_set(article=article, image_id=featured)
    _file(state, article, post, created=created)
    state.ledger.redirect(post.old_paths, LegacyTarget.ARTICLE, article.pk)
    state.ledger.remember("article", post.guid, article.pk, fingerprint)
    state.changed_count += 1
    if len(state.changed) <= state.options.relink_threshold:  # kept only for one-by-one
        state.changed.append(Written(article, before))
    state.report.add(
        "created" if created else "updated", "article", post.title[:120], "; ".join(notes)
    )


def _title(post: items.Post, notes: list[str]) -> str:
    title = " ".join(post.title.split())
    if len(title) > TITLE_LENGTH:
        notes.append(f"title shortened to {TITLE_LENGTH} characters")
        return title[: TITLE_LENGTH - 1] + "…"
    return title


def _publication(state: State, post: items.Post) -> tuple[str | None, dt.datetime | None, str]:
    """(status, publication date, note); no status: the post is skipped, the note says why."""
    if post.status != ArticleStatus.PUBLISHED or post.published_at is not None:
        return post.status, post.published_at, ""
    if state.options.undated == "now":
        return ArticleStatus.PUBLISHED, timezone.now(), "no date in the source: dated now"
    if state.options.undated == "skip":
        return None, None, "no date in the source (--undated=skip)"
    return ArticleStatus.DRAFT, None, "no date in the source: imported as a draft to date"


def _updated_at(post: items.Post, published_at: dt.datetime | None) -> dt.datetime | None:
    """When the source last changed the post (WordPress's post_modified_gmt); never before
    its publication, and None (now) when the source does not say or says the future (a
    scheduled post)."""
    now = timezone.now()
    if post.updated_at is None or post.updated_at > now:
        return None
    if published_at is not None and post.updated_at < published_at:
        return published_at if published_at <= now else None
    return post.updated_at


def _slug(state: State, wanted: str) -> str:
    """A free slug for a new article, from the one wanted ("" if none is wanted)."""
    wanted = wanted[:200].strip("-")
    if not wanted:
        return ""
    return unique_slug(wanted, exists=state.slugs.__contains__)


def _file(state: State, article: Article, post: items.Post, *, created: bool) -> None:
    """How the source filed the article: its categories and tags, in order, once each."""
    rows: list[Filing] = []
    seen: set[int] = set()
    for ref in post.terms:
        if not named(ref.name, ref.key):
            continue  # nothing to file it under
        entity = ref_entity(state, ref)
        if entity.pk in seen:
            continue
        seen.add(entity.pk)
        rows.append(
            Filing(article=article, entity=entity, taxonomy=ref.taxonomy, position=len(rows))
        )
    state.ledger.file(article.pk, rows, replace=not created)

"""Saving articles and deriving what the other contexts keep about them: one flow, two paths.

Every way in (the admin, the API, importers, the demo loader, the CLI) saves
articles here. `article_save` runs the steps of one save in order, inside the
caller's transaction; `archive_derive` runs the same steps as phases over many
articles. What must not hold up or fail a save (the search index, related
analyses) runs after commit.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import NamedTuple

from django.db import transaction

from dossiers.core.freshness import changes_deferred, content_changed
from dossiers.core.transactions import on_commit_once
from dossiers.hubs.services import article_memberships_recompute, memberships_recompute_all
from dossiers.knowledge.filings import filings_apply, filings_merge
from dossiers.knowledge.linking import article_link
from dossiers.knowledge.relinking import archive_relink
from dossiers.publishing.models import Article, ArticleStatus, Author
from dossiers.publishing.services import article_delete as publishing_article_delete
from dossiers.publishing.services import article_write
from dossiers.related.index import Text
from dossiers.related.services import (
    related_article_refresh,
    related_article_remove,
    related_rebuild_request,
    related_text_before,
)
from dossiers.search.indexing import index_catch_up, index_sync

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


# --- One article ------------------------------------------------------------------


@transaction.atomic
def article_save(
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
    sticky: bool | None = None,
) -> Article:
    """Create or update an article and derive everything from it. Raises ValidationError
    (nothing saved) when a field is wrong."""
    before = related_text_before(article_id=article.pk if article else None)
    article = article_write(  # 1. write
        article=article,
        title=title,
        body=body,
        authors=authors,
        summary=summary,
        slug=slug,
        status=status,
        published_at=published_at,
        canonical_url=canonical_url,
        sticky=sticky,
    )
    article_derive(article, before=before)
    return article


def article_derive(article: Article, *, before: Text | None = None) -> None:
    """Steps 2 to 6 for an article whose row and byline are written.

    `before`: the text its related-analyses entry was counted with, when it was
    indexed before this write (`related_text_before`, read before the write).
    """
    linked = article_link(article=article)  # 2. link
    mentions = filings_merge(article_id=article.pk, mentions=linked.mentions)  # 3. filings
    article_memberships_recompute(article=article, mentions=mentions)  # 4. hubs
    _index_after_commit([article.pk])  # 5. search
    transaction.on_commit(  # 6. related
        partial(related_article_refresh, article_id=article.pk, before=before), robust=True
    )


@transaction.atomic
def article_delete(*, article: Article) -> None:
    """Delete an article; it leaves every related-analyses list first (its search entry,
    mentions and memberships go with it by cascade)."""
    related_article_remove(article_id=article.pk, text=(article.title, article.body_text))
    publishing_article_delete(article=article)


# --- Many articles (imports) -----------------------------------------------------


class Written(NamedTuple):
    """An article a bulk write saved without deriving it, and its text before (if indexed)."""

    article: Article
    before: Text | None


# Up to this many changed articles are derived one by one; more, and the archive is
# derived in bulk phases (a re-link reads every article but writes only what changed).
BULK_FROM = 50


def text_before(*, article: Article | None) -> Text | None:
    """What a bulk writer keeps before updating an article, for `written_derive`."""
    return related_text_before(article_id=article.pk if article else None)


def written_derive(
    *, written: Sequence[Written], total: int, reason: str, bulk_from: int = BULK_FROM
) -> None:
    """Derive what a bulk write changed: `total` articles, of which `written` holds the first
    ones (a writer keeps at most `bulk_from` + 1). One by one for a few, in phases for more."""
    if total > bulk_from:
        archive_derive(everything=True, reason=reason)
        return
    for item in written:
        article_derive(item.article, before=item.before)


# --- The archive, in phases --------------------------------------------------------


def archive_derive(
    *,
    everything: bool = True,
    article_ids: Iterable[int] | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    reason: str,
) -> int:
    """Re-link articles in bulk, then the phases that follow: filings, hubs, cache; after
    commit, search and related analyses. Returns how many articles were re-linked.

    `everything=False`: only articles linked with an older knowledge base (or never).
    The link phase commits batch by batch outside a transaction (progress shows), or
    joins the caller's (an import: all or nothing).
    """
    count = archive_relink(  # 2. link
        everything=everything, article_ids=article_ids, progress=progress, jobs=jobs
    )
    with transaction.atomic(), changes_deferred():
        filings_apply()  # 3. filings
        memberships_recompute_all()  # 4. hubs (refreshes the planner's statistics)
        content_changed()
    on_commit_once(_catch_up_index)  # 5. search
    related_rebuild_request(reason=reason)  # 6. related
    return count


# --- After commit --------------------------------------------------------------------

_pending = threading.local()


def _index_after_commit(article_ids: list[int]) -> None:
    """Sync these articles' search entries once the transaction commits, all in one go."""
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids.update(article_ids)
    on_commit_once(_sync_pending)


def _sync_pending() -> None:
    # Syncing reads each article as it is: ids left by a rolled-back savepoint are harmless.
    ids: set[int] = getattr(_pending, "ids", set())
    _pending.ids = set()
    if ids:
        index_sync(article_ids=ids)


def _catch_up_index() -> None:
    index_catch_up()

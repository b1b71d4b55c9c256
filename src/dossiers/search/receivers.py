"""The index follows the content, after commit.

- An article written (`publishing.signals.article_written`: saved in the
  admin, by an importer one by one, by the demo loader) is synced once its
  transaction commits. Ids wait in a per-thread set; every commit callback
  syncs the whole set, so a transaction that writes 40 articles syncs them
  in one go, and a callback dropped with a rolled-back savepoint loses
  nothing (syncing reads each article as it is).
- A bulk re-link (`knowledge.signals.archive_linked`, which ends every large
  import) runs a catch-up after commit: imported articles never sent a
  signal of their own.
- A deleted article takes its entry with it (cascade, in its transaction).
- After `migrate`: the SQLite trigger is ensured (table rebuilds drop it)
  and a catch-up indexes what an older version of the site never did.

A failure in a callback is logged and never reaches the reader whose write
already committed; `dossiers search rebuild` repairs anything missed.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.apps import AppConfig
from django.db import connection, transaction
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from dossiers.knowledge.signals import archive_linked
from dossiers.publishing.models import Article
from dossiers.publishing.signals import article_written

logger = logging.getLogger(__name__)
_pending = threading.local()


def index_later(article_ids: list[int]) -> None:
    """Sync these articles once the current transaction commits (at once outside one)."""
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids.update(article_ids)
    transaction.on_commit(_flush, robust=True)


def _flush() -> None:
    from dossiers.search.indexing import index_sync

    ids, _pending.ids = getattr(_pending, "ids", set()), set()
    if ids:
        index_sync(article_ids=ids)


def _catch_up() -> None:
    from dossiers.search.indexing import index_catch_up

    index_catch_up()


@receiver(article_written, dispatch_uid="search.article_written")
def on_article_written(sender: type, article: Article, **kwargs: Any) -> None:
    index_later([article.pk])


@receiver(archive_linked, dispatch_uid="search.archive_linked")
def on_archive_linked(sender: type, **kwargs: Any) -> None:
    transaction.on_commit(_catch_up, robust=True)


@receiver(post_migrate, dispatch_uid="search.post_migrate")
def on_post_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    if sender.label != "search":
        return
    from dossiers.search.models import SearchDocument

    table = SearchDocument._meta.db_table
    if table not in connection.introspection.table_names():
        return  # migrated backwards past the search app
    if connection.vendor == "sqlite":
        from dossiers.search.backends.sqlite_fts5 import schema_ensure

        with connection.cursor() as cursor:
            schema_ensure(cursor)
    try:
        _catch_up()
    except Exception:  # a wrong backend setting is reported by the system check
        logger.exception("The search index could not catch up after migrate")

"""After `migrate`: the SQLite trigger is ensured (table rebuilds drop it) and a catch-up
indexes what an older version of the site never did.

Everything else that keeps the index in step with the articles is called by
the derivation pipeline after commit (`dossiers.pipeline`): one sync per
transaction for saved articles, a catch-up after bulk writes. A deleted
article takes its entry with it (cascade, in its transaction). A failure is
logged and never reaches the reader whose write committed; `dossiers search
rebuild` repairs anything missed.
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import AppConfig
from django.db import connection
from django.db.models.signals import post_migrate
from django.dispatch import receiver

logger = logging.getLogger(__name__)


@receiver(post_migrate, dispatch_uid="search.post_migrate")
def on_post_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    if sender.label != "search":
        return
    from dossiers.search.indexing import index_catch_up
    from dossiers.search.models import SearchDocument

    table = SearchDocument._meta.db_table
    if table not in connection.introspection.table_names():
        return  # migrated backwards past the search app
    if connection.vendor == "sqlite":
        from dossiers.search.backends.sqlite_fts5 import schema_ensure

        with connection.cursor() as cursor:
            schema_ensure(cursor)
    try:
        index_catch_up()
    except Exception:  # a wrong backend setting is reported by the system check
        logger.exception("The search index could not catch up after migrate")

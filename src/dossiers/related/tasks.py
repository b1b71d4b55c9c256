"""Background tasks of related analyses (django-tasks; the default backend is the database)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def related_rebuild_task(asked: str) -> int:
    from dossiers.related.bulk import related_rebuild
    from dossiers.related.services import related_rebuild_due

    if not related_rebuild_due(dt.datetime.fromisoformat(asked)):
        return 0
    return related_rebuild()

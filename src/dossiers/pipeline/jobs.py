"""Re-linking the archive in the background, after the knowledge base changed.

Any change to an entity, an alias or a hub's key set moves the knowledge-base
version (`knowledge.services.knowledge_changed`) and, once it commits, sends
`knowledge_base_changed`; the receiver (apps.py) queues a job here, whatever
path made the change: the admin, an import, the CLI, the API. A job re-links
the articles linked with an older knowledge base and runs the phases that
follow (`services.archive_derive`), reporting its progress on its row.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from dossiers.knowledge.models import RelinkJob, RelinkStatus
from dossiers.pipeline.services import archive_derive


def relink_request(*, reason: str) -> RelinkJob:
    """Queue a re-link; it starts once the current transaction commits. A job still
    waiting to start covers the request (it will re-link whatever is stale by then)."""
    waiting = RelinkJob.objects.filter(status=RelinkStatus.QUEUED).order_by("-pk").first()
    if waiting is not None:
        return waiting
    from dossiers.pipeline.tasks import relink_archive_task

    job = RelinkJob.objects.create(reason=reason[:300])
    transaction.on_commit(lambda: relink_archive_task.enqueue(job.pk), robust=True)
    return job


def relink_job_run(*, job_id: int) -> int:
    """Run a queued job, reporting progress on its row. A job queued later makes it redundant."""
    job = RelinkJob.objects.filter(pk=job_id).first()
    if job is None or job.status != RelinkStatus.QUEUED:
        return 0
    later = RelinkJob.objects.filter(status=RelinkStatus.QUEUED, pk__gt=job.pk).first()
    if later is not None:
        _job_update(
            job,
            status=RelinkStatus.DONE,
            message=f"superseded by job #{later.pk}",
            finished_at=timezone.now(),
        )
        return 0
    _job_update(job, status=RelinkStatus.RUNNING, started_at=timezone.now())

    def progress(done: int, total: int) -> None:
        _job_update(job, done=done, total=total)

    try:
        count = archive_derive(everything=False, progress=progress, reason=job.reason)
    except Exception as error:
        _job_update(
            job,
            status=RelinkStatus.FAILED,
            message=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        raise
    _job_update(
        job,
        status=RelinkStatus.DONE,
        done=count,
        total=count,
        message=f"re-linked {count} articles",
        finished_at=timezone.now(),
    )
    return count


def _job_update(job: RelinkJob, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    RelinkJob.objects.filter(pk=job.pk).update(**fields)

"""Background tasks of the pipeline (django-tasks; the default backend is the database)."""

from __future__ import annotations

from django_tasks import task


@task()
def relink_archive_task(job_id: int) -> int:
    from dossiers.pipeline.jobs import relink_job_run

    return relink_job_run(job_id=job_id)

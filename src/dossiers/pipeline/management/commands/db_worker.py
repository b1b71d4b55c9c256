"""`dossiers db_worker`: django-tasks-db's command with the worker of `pipeline.worker`
(an idle worker waits for work instead of querying the queue every second)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as library

from dossiers.pipeline.worker import WaitingWorker


class Command(library.Command):
    help = (
        "Run the background worker: runs queued tasks (re-links, related analyses), each "
        "exactly once however many workers run. Idle, it waits for work (PostgreSQL "
        "LISTEN/NOTIFY; on SQLite a look at the write-ahead log every --interval seconds)."
    )

    def handle(  # the library's handle, with WaitingWorker
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        self.configure_logging(verbosity)
        reload = reload and not batch
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = WaitingWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only in the reloader's child
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()

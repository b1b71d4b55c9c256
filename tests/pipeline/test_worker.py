"""The background worker scales out: two `dossiers db_worker` processes share one queue and
run every task exactly once; idle, they wait for work and start it when it is enqueued."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from tests.conftest import REPO
from tests.pipeline.worker_tasks import note_run

TASKS = 40


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


def _worker(tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {
        "DATABASE_URL": _database_url(),
        "DOSSIERS_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "worker-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dossiers.cli",
            "db_worker",
            "--verbosity",
            "0",
            "--interval",
            "0.2",
        ],
        env=env,
        cwd=REPO,
    )


def _listening() -> int:
    """How many connections LISTEN for task notifications (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND query = 'LISTEN dossiers_tasks'"
        )
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_every_task_exactly_once(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # the queue
    runs = tmp_path / "runs.txt"
    workers = [_worker(tmp_path), _worker(tmp_path)]
    try:
        deadline = time.monotonic() + 120
        if connection.vendor == "postgresql":  # both idle and listening before any work
            while _listening() < 2 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert _listening() == 2
        else:
            time.sleep(3)
        with transaction.atomic():  # one commit: the whole queue appears at once
            for number in range(TASKS):
                note_run.enqueue(str(runs), number)
        while time.monotonic() < deadline:
            if DBTaskResult.objects.filter(status="SUCCESSFUL").count() == TASKS:
                break
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    lines = runs.read_text().split()
    numbers = Counter(int(n) for n in lines[::2])
    assert numbers == Counter(range(TASKS))  # every task, each once
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == TASKS
    # Both workers took a share (each ran a task while the other was busy).
    workers_seen = DBTaskResult.objects.values_list("worker_ids", flat=True)
    assert len({tuple(ids) for ids in workers_seen}) == 2

"""A task for tests/pipeline/test_worker.py: notes its run in a file (the workers are other
processes), one line per run."""

from __future__ import annotations

import os
import time

from django_tasks import task


@task()
def note_run(path: str, number: int) -> int:
    time.sleep(0.05)  # long enough that two workers are both busy at once
    with open(path, "a", encoding="utf-8") as out:  # one write per line: O_APPEND is atomic
        out.write(f"{number} {os.getpid()}\n")
    return number

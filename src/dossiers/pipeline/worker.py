"""The background worker (`dossiers db_worker`): django-tasks-db's worker, waiting for work
instead of asking for it every second.

django-tasks-db's own loop queries the queue once a second whatever happens. Here an idle
worker asks only when something may have changed:

- on PostgreSQL, it LISTENs on a channel that every enqueue NOTIFies (`task_notify`,
  sent in the enqueueing transaction, so delivered when it commits): a new task starts at
  once, and an idle worker costs nothing but a blocked socket. It still looks once a
  minute (`IDLE_SECONDS`), for tasks whose `run_after` came due or a lost connection.
- on SQLite (one machine), it looks at the write-ahead log's size and time once a second
  (a `stat`, no query) and asks the queue only when another process has written.

Several workers share a queue safely: each claims a task in a transaction that locks the
task's row and skips rows other workers hold (SELECT … FOR UPDATE SKIP LOCKED on
PostgreSQL; SQLite lets one writer in at a time), so every task runs exactly once.
"""

from __future__ import annotations

import logging
import os
import random
import time
from typing import Any

from django.db import close_old_connections, connections
from django.db.utils import OperationalError
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

log = logging.getLogger(__name__)

CHANNEL = "dossiers_tasks"
IDLE_SECONDS = 60.0  # the longest an idle worker waits before it asks the queue anyway


def task_notify(sender: Any, **kwargs: Any) -> None:
    """`task_enqueued` receiver: wake the workers listening on PostgreSQL (sent with the
    enqueueing transaction, so they wake when the task can be seen)."""
    connection = connections[DBTaskResult.objects.db]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {CHANNEL}")


class WaitingWorker(Worker):
    """django-tasks-db's worker with the waiting described above; claiming and running a
    task are the library's own."""

    def run(self) -> None:
        log.info("Starting worker %s on queues %s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # workers started together spread out
        waiter = _waiter(self.interval)
        try:
            while self.running:
                close_old_connections()
                claimed, task_result = self._claim()
                if task_result is not None:
                    self.run_task(task_result)
                    if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                        return
                    continue
                if self.batch and claimed:
                    return  # --batch: the queue is empty
                close_old_connections()
                if self.running:
                    waiter.wait()
        finally:
            waiter.close()

    def _claim(self) -> tuple[bool, DBTaskResult | None]:
        """(whether the queue could be read, the task claimed if any) as the library does."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
            except OperationalError as error:
                if is_locked_database_exception(error):
                    return False, None  # SQLite busy: try again after the wait
                raise
            if task_result is not None:
                task_result.claim(self.worker_id)
        return True, task_result


class _Waiter:
    """Waits `interval` seconds (the library's behaviour, for other databases)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval

    def wait(self) -> None:
        time.sleep(self.interval)

    def close(self) -> None:
        pass


class _Listener(_Waiter):
    """PostgreSQL: blocks on a LISTENing connection of its own until a NOTIFY arrives or
    IDLE_SECONDS pass."""

    def __init__(self, interval: float) -> None:
        super().__init__(interval)
        self.connection = self._open()

    @staticmethod
    def _open() -> Any:
        wrapper = connections[DBTaskResult.objects.db]
        connection = wrapper.get_new_connection(wrapper.get_connection_params())
        connection.autocommit = True
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def wait(self) -> None:
        try:
            # Wait for the next notification, then take every other one already there.
            for _ in self.connection.notifies(timeout=IDLE_SECONDS, stop_after=1):
                pass
            for _ in self.connection.notifies(timeout=0):
                pass
        except Exception:  # the server went away: wait, then listen again
            log.warning("task notifications lost; listening again", exc_info=True)
            time.sleep(self.interval)
            self.close()
            self.connection = self._open()

    def close(self) -> None:
        self.connection.close()


class _LogWatcher(_Waiter):
    """SQLite: returns once the database's write-ahead log changed (another process wrote),
    looking every `interval` seconds, or after IDLE_SECONDS."""

    def __init__(self, interval: float, path: str) -> None:
        super().__init__(interval)
        self.paths = [path + "-wal", path]
        self.seen = self._state()

    def _state(self) -> tuple[tuple[int, int], ...]:
        states = []
        for path in self.paths:
            try:
                info = os.stat(path)
            except OSError:
                states.append((0, 0))
            else:
                states.append((info.st_mtime_ns, info.st_size))
        return tuple(states)

    def wait(self) -> None:
        waited = 0.0
        while waited < IDLE_SECONDS:
            time.sleep(self.interval)
            waited += self.interval
            state = self._state()
            if state != self.seen:
                self.seen = state
                return


def _waiter(interval: float) -> _Waiter:
    connection = connections[DBTaskResult.objects.db]
    if connection.vendor == "postgresql":
        return _Listener(interval)
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and os.path.exists(name):
        return _LogWatcher(interval, name)
    return _Waiter(interval)

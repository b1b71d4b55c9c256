"""Work to do once the current transaction commits, registered once however often it is asked.

A bulk write may call the same "after commit" step thousands of times (every
entity of an import moves the knowledge-base version); `on_commit_once` keeps
one callback per transaction. A callback registered in a savepoint that is
rolled back is dropped by Django, so the next request registers it again:
nothing is lost, nothing runs twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import transaction

Callback = Callable[[], None]
_waiting = threading.local()  # callback -> the wrapper registered for it, until it runs


def on_commit_once(callback: Callback) -> bool:
    """`transaction.on_commit(callback, robust=True)` unless it is already waiting for this
    transaction's commit. Returns whether it was registered now (False: already waiting).

    Outside a transaction the callback runs at once. `robust`: a failure is
    logged by Django and never reaches the writer whose change has committed.
    """
    connection = transaction.get_connection()
    waiting: dict[Callback, Callback] = _waiting.__dict__.setdefault("callbacks", {})
    registered = waiting.get(callback)
    if (
        registered is not None
        and connection.in_atomic_block
        and any(function is registered for _, function, _ in connection.run_on_commit)
    ):
        return False

    def run() -> None:
        if waiting.get(callback) is run:
            del waiting[callback]
        callback()

    waiting[callback] = run
    transaction.on_commit(run, robust=True)
    return True

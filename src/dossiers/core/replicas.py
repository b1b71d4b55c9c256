"""Read replicas: which database a query goes to (`ReplicaRouter`, `PrimaryPinMiddleware`).

With `DATABASE_REPLICA_URLS` set (comma-separated PostgreSQL URLs of streaming replicas),
`settings.py` adds one database per replica (`replica1`, `replica2`, …) and this router.
The rule, from the safe side:

1. Every write goes to the primary (`default`). Migrations run on the primary only.
2. Reads go to a replica only inside a **reader's request** that may do so: a GET or HEAD,
   outside the desk (`/admin/`), from a browser that did not write in the last
   `DOSSIERS_REPLICA_PIN_SECONDS` seconds (a cookie the response to a write sets), and
   only until the request writes anything itself. Everything else reads from the
   primary: forms and other POSTs, the desk, the API's writes, the CLI, importers and
   the background worker (they read what they have just written).
3. Inside a transaction on the primary, reads stay on the primary (they must see the
   transaction's own writes).

A replica lags behind its primary by a fraction of a second; readers of a public page
never notice, and whoever has just written (a commenter sent back to the article, an
editor) reads from the primary until the replica has caught up.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

from dossiers.core.config import conf

PRIMARY = "default"
PIN_COOKIE = "dossiers_primary"
_SAFE_METHODS = frozenset({"GET", "HEAD"})

# True while the current request may read from a replica (set by the middleware only).
_replica_reads: ContextVar[bool] = ContextVar("dossiers_replica_reads", default=False)
# True once the current request has written: its response sets the pin cookie.
_wrote: ContextVar[bool] = ContextVar("dossiers_request_wrote", default=False)


def replica_aliases() -> list[str]:
    """The database aliases of the configured replicas (empty without any)."""
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class ReplicaRouter:
    """Django database router: reads to a replica when rule 2 allows, all else to the
    primary. Replicas are taken in turn."""

    def __init__(self, aliases: list[str] | None = None) -> None:
        self._turns = itertools.cycle(aliases or replica_aliases() or [PRIMARY])

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        if not _replica_reads.get() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return next(self._turns)

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        if _replica_reads.get():
            # The request writes: from now on it reads what it wrote, on the primary.
            _replica_reads.set(False)
        _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same data on every database

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


def replica_reads_allowed(request: HttpRequest) -> bool:
    """May this request read from a replica (rule 2, before it writes anything)?"""
    return (
        request.method in _SAFE_METHODS
        and not request.path.startswith("/" + conf().admin_path)
        and PIN_COOKIE not in request.COOKIES
    )


class PrimaryPinMiddleware:
    """Lets a reader's request read from replicas (rule 2), and pins to the primary for a
    few seconds the browser of a request that wrote (a cookie), so that it sees its own
    write on the next page even if the replica has not caught up yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reads = _replica_reads.set(replica_reads_allowed(request))
        wrote = _wrote.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get() or request.method not in _SAFE_METHODS:
                seconds = conf().replica_pin_seconds
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=seconds,
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
        finally:
            _replica_reads.reset(reads)
            _wrote.reset(wrote)
        return response

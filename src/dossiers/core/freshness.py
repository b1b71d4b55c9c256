"""When did the published site last change? A token every cache key includes.

Writes call `content_changed()` (directly, or through the model signals wired
in `CoreConfig.ready`); the token changes in the writer's transaction, so it
is new for readers exactly when the change is visible to them. Reads call
`content_token()`: one primary-key query per request.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.utils import timezone

from dossiers.core.models import ContentVersion

# Callables returning the next moment content changes by itself (a scheduled
# publication), or None. Apps register theirs in AppConfig.ready().
_schedules: list[Callable[[dt.datetime], dt.datetime | None]] = []


def register_schedule(function: Callable[[dt.datetime], dt.datetime | None]) -> None:
    if function not in _schedules:
        _schedules.append(function)


def _next_change(now: dt.datetime) -> dt.datetime | None:
    moments = [moment for moment in (schedule(now) for schedule in _schedules) if moment]
    return min(moments) if moments else None


def bump(now: dt.datetime | None = None, *, expected: str | None = None) -> str:
    """Give the site a new token. With `expected`, only if nobody else has since."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    rows = ContentVersion.objects.filter(pk=1)
    if expected is not None:
        rows = rows.filter(token=expected)
    if not rows.update(token=token, next_change=_next_change(now)):
        if expected is not None:
            return ContentVersion.objects.values_list("token", flat=True).get(pk=1)
        ContentVersion.objects.update_or_create(
            pk=1, defaults={"token": token, "next_change": _next_change(now)}
        )
    return token


def content_token(now: dt.datetime | None = None) -> str:
    """The current token; moves it first if a scheduled publication has come due."""
    now = now or timezone.now()
    row = ContentVersion.objects.filter(pk=1).values_list("token", "next_change").first()
    if row is None:
        return bump(now)
    token, next_change = row
    if next_change is not None and next_change <= now:
        return bump(now, expected=token)
    return token


_deferred = threading.local()


def content_changed() -> None:
    """Give the site a new token, inside the caller's transaction.

    Readers see the new token exactly when they see the change: at commit. A
    rollback takes the new token back together with the change. Inside
    `changes_deferred()`, the token moves once, when the block ends.
    """
    if getattr(_deferred, "depth", 0):
        _deferred.pending = True
        return
    bump()


@contextmanager
def changes_deferred() -> Iterator[None]:
    """Bulk writes (an import of thousands of rows) move the token once, at the end of the
    block, instead of once per row. Use it inside the writes' transaction."""
    _deferred.depth = getattr(_deferred, "depth", 0) + 1
    try:
        yield
    finally:
        _deferred.depth -= 1
        if not _deferred.depth and getattr(_deferred, "pending", False):
            _deferred.pending = False
            bump()

"""Not found: one way for every view, feed and API operation to say it."""

from __future__ import annotations

from typing import TypeVar

from django.http import Http404

T = TypeVar("T")


def found(value: T | None, message: str) -> T:
    """`value`, or Http404(message) when a selector found nothing.

    Pages answer with the site's 404 page, the API with `{"detail": message}`
    (its Http404 handler, api/api.py).
    """
    if value is None:
        raise Http404(message)
    return value

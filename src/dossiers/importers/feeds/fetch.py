"""Fetching a feed: the importers' fetcher (`importers.fetch`) with the feed limits."""

from __future__ import annotations

from dossiers.core.config import conf
from dossiers.importers import fetch as fetcher

USER_AGENT = fetcher.USER_AGENT


def size_cap() -> int:
    """The largest feed read, in bytes (DOSSIERS_FEED_FETCH_MAX_MB)."""
    return conf().feed_fetch_max_mb * 1024 * 1024


def fetch(
    url: str, *, timeout: float | None = None, limit: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """The body and headers of an http(s) URL, refused past `limit` bytes or `timeout` s,
    and refused when it leads to a private address (see `importers.fetch`)."""
    fetched = fetcher.fetch(
        url,
        limit=size_cap() if limit is None else limit,
        timeout=conf().feed_fetch_timeout if timeout is None else timeout,
    )
    return fetched.body, fetched.headers

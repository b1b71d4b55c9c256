"""Small readers of a WordPress export's values: statuses, numbers, dates."""

from __future__ import annotations

import datetime as dt
import email.utils

STATUS = {
    "publish": "published",
    "future": "published",
    "draft": "draft",
    "pending": "draft",
    "auto-draft": "draft",
    "private": "draft",
}
COMMENT_STATUS = {
    "1": "approved",
    "approve": "approved",
    "0": "pending",
    "hold": "pending",
    "spam": "spam",
    "trash": "removed",
    "post-trashed": "removed",
}
_ZERO_DATE = "0000-00-00 00:00:00"


def number(value: str) -> int:
    """An id as an int; 0 when there is none."""
    try:
        return int(value.strip())
    except (ValueError, AttributeError):
        return 0


def gmt(value: str) -> dt.datetime | None:
    """A `YYYY-MM-DD HH:MM:SS` date as UTC; None for WordPress's zero date."""
    if not value or value.startswith(_ZERO_DATE[:4]) or value == _ZERO_DATE:
        return None
    try:
        return dt.datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


# A local date (wp:post_date) has no zone in the export: it is read as UTC.
local_as_utc = gmt


def rfc822(value: str) -> dt.datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)

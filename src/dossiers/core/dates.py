"""Dates as readers see them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(value: dt.datetime | dt.date | None) -> str:
    """'29 November 2025' in the site's time zone, whatever the locale."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def iso(value: dt.datetime | None) -> str:
    return value.isoformat() if value else ""

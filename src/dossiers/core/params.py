"""Numbers read from what strangers send (query strings, form fields).

`str.isdigit()` is true for "²" and "٣", which `int()` refuses or reads as
another number, and a 30-digit id overflows every database's integer. Ids
and counts are ASCII digits of bounded length, or nothing.
"""

from __future__ import annotations

import re

# Database keys are 64-bit signed integers: 18 digits always fit.
_ID = re.compile(r"[0-9]{1,18}")


def id_from(raw: object) -> int | None:
    """A positive database id from text, or None when the text is anything else."""
    if not isinstance(raw, str) or not _ID.fullmatch(raw):
        return None
    value = int(raw)
    return value or None


def whole_number_from(raw: object, *, max_digits: int) -> int | None:
    """A whole number of at most `max_digits` ASCII digits, or None."""
    if not isinstance(raw, str) or not 0 < len(raw) <= max_digits:
        return None
    return int(raw) if raw.isascii() and raw.isdigit() else None

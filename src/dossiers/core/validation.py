"""Validation rules several apps share: http(s) URLs, e-mail addresses, error messages.

Plain functions over Django's validators, so that an importer, a form and a
model field agree on what a valid URL or address is.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

EMAIL_MAX_LENGTH = 254  # RFC 5321, and Django's EmailField
_HTTP_SCHEMES = ("http://", "https://")
_http_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


def has_http_scheme(value: str) -> bool:
    """Does `value` start with http:// or https:// (in any case)? Says nothing of the rest."""
    return value[:8].lower().startswith(_HTTP_SCHEMES)


def is_http_url(value: str) -> bool:
    """Is `value` an absolute http(s) URL, as Django's URLValidator reads one?"""
    try:
        _http_url(value)
    except ValidationError:
        return False
    return True


def valid_http_url(value: str, max_length: int) -> str:
    """`value` stripped if it is an http(s) URL of at most `max_length` characters, else ""."""
    value = value.strip()
    if not value or len(value) > max_length or not is_http_url(value):
        return ""
    return value


def valid_email(value: str) -> str:
    """`value` stripped if it is an e-mail address (at most 254 characters), else ""."""
    value = value.strip()
    try:
        _email(value)
    except ValidationError:
        return ""
    return value if len(value) <= EMAIL_MAX_LENGTH else ""


def error_items(error: ValidationError) -> list[tuple[str | None, list[str]]]:
    """(field or None, messages) of a ValidationError, field by field, in order."""
    if hasattr(error, "error_dict"):
        return [
            (field, [m for e in errors for m in e.messages])
            for field, errors in error.error_dict.items()
        ]
    return [(None, error.messages)]


def error_text(error: ValidationError) -> str:
    """A ValidationError as one line: "field: message message; other: message"."""
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error_items(error))
    return " ".join(error.messages)

"""Field validators shared by several models."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from dossiers.core.validation import is_http_url


def validate_url_list(value: Any) -> None:
    """A JSON list of absolute http(s) URLs (no javascript:, no relative paths)."""
    if not isinstance(value, list):
        raise ValidationError("Give a list of URLs.")
    for item in value:
        if not isinstance(item, str):
            raise ValidationError("Each link must be a URL written as text.")
        if not is_http_url(item):
            raise ValidationError(f"“{item[:80]}” is not an http(s) URL.")

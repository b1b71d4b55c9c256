"""How every read operation is declared: GET and HEAD, its success shape, and the answers
any operation may give (304, 404, 414, 422, 429), documented in the schema with their headers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ninja import Path, Router

from dossiers.api.schemas import SLUG_PATTERN, ErrorOut, ValidationErrorOut

_HEADERS = {
    200: {
        "headers": {
            "ETag": {
                "description": "Send it back in If-None-Match: 304 while nothing has changed.",
                "required": True,
                "schema": {"type": "string"},
            },
            "Cache-Control": {"schema": {"type": "string"}},
        }
    },
    429: {
        "headers": {
            "Retry-After": {
                "description": "Seconds until the address may ask again.",
                "required": True,
                "schema": {"type": "integer"},
            }
        }
    },
}


def read(router: Router, path: str, response: type, **options: Any) -> Callable:
    """Declare a read-only operation (GET, and HEAD, which the schema leaves implicit)."""
    responses = {
        200: response,
        304: None,
        404: ErrorOut,
        414: ErrorOut,  # an address longer than the site reads (web.middleware)
        422: ValidationErrorOut,
        429: ErrorOut,
    }
    return router.api_operation(
        ["GET", "HEAD"],
        path,
        response=responses,
        openapi_extra={"responses": _HEADERS},
        **options,
    )


def slug_param(example: str) -> Any:
    """A slug in the path: letters, digits, hyphens and underscores (anything else is a 422)."""
    return Path(..., pattern=SLUG_PATTERN, max_length=200, example=example)

"""The browsable docs (Swagger UI) and the schema document, offline and under a narrow CSP.

Swagger UI's script, style sheet and icons are django-ninja's own static files (the
"ninja" app is installed, so WhiteNoise serves them and collectstatic hashes them): no
CDN, nothing fetched from the internet. Its settings travel as a JSON data block and its
start-up code is a static file, so the page needs no inline script: the site's policy is
relaxed for this one page only, to scripts and styles from the site itself, and the
online validator badge (which would call validator.swagger.io) is switched off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from ninja.openapi.docs import Swagger

DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'; object-src 'none'"
)


class OfflineSwagger(Swagger):
    template = "api/docs.html"  # ninja's page, with a language and a main landmark

    def __init__(self) -> None:
        super().__init__(settings={"validatorUrl": None})

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        response = super().render_page(request, api, **kwargs)
        # Set before the site-wide middleware, which only fills the header in when absent.
        response["Content-Security-Policy"] = DOCS_CSP
        return response


def fingerprinted(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and the docs page change only with the code: an ETag of their bytes."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        response["ETag"] = '"' + hashlib.blake2b(response.content, digest_size=16).hexdigest() + '"'
        response["Cache-Control"] = "public, max-age=0"
        etag = response["ETag"]
        return get_conditional_response(request, etag=etag, response=response) or response

    return wrapper

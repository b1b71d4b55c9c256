"""HTTP hardening: a Content-Security-Policy on every page, the desk's own on the desk; and
compression of the responses that hold no secret."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase as Response
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers

from dossiers.core.config import conf

# Public pages run no script at all; a Content-Security-Policy that forbids
# scripts means that even a sanitiser bug could not execute injected code.
PUBLIC_CSP = (
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' https: data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)

# The desk (Django's admin) runs its own scripts from /static/ and nothing else: Django 5.2's
# admin has no inline script or style attribute (its pages pass data to scripts in data-*
# attributes and <script type="application/json">, which is data), so nothing inline is
# allowed.
ADMIN_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


class ContentSecurityPolicyMiddleware:
    """PUBLIC_CSP on every response that sets none of its own, ADMIN_CSP under the desk's path
    (DOSSIERS_ADMIN_PATH)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        on_desk = request.path.startswith("/" + conf().admin_path)
        response.headers.setdefault("Content-Security-Policy", ADMIN_CSP if on_desk else PUBLIC_CSP)
        return response


# What is worth compressing: text. Images, archives and fonts are compressed already.
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/javascript")
COMPRESSIBLE_SUFFIXES = ("+json", "+xml")


def _compressible(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind.startswith(COMPRESSIBLE) or kind.endswith(COMPRESSIBLE_SUFFIXES)


def holds_a_secret(request: HttpRequest, response: Response) -> bool:
    """Whether the response may carry a secret that an attacker could recover from its
    compressed size while injecting guesses into the same page (BREACH): a CSRF token in a
    form, or anything shown to a signed-in session (the desk).

    A CSRF token was put in the page when `get_token` ran (a form's `csrf_input`, `{% csrf_token
    %}`, `rotate_token` at login): Django then flags META["CSRF_COOKIE_NEEDS_UPDATE"], and
    CsrfViewMiddleware, on the way out, sets the CSRF cookie on the response (and clears the
    flag). Both are looked at, so the answer holds wherever this runs. A session is the
    session cookie sent, or set by this response.
    """
    if (
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or settings.CSRF_COOKIE_NAME in response.cookies
    ):
        return True
    cookie = settings.SESSION_COOKIE_NAME
    return cookie in request.COOKIES or cookie in response.cookies


class SecretSafeGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for text responses that hold no secret (see `holds_a_secret`):
    pages the same for every reader, feeds, sitemaps, the API's JSON. The article page (its
    comment form holds a CSRF token) and the desk are sent uncompressed.

    Compression makes a strong ETag weak (W/"…", RFC 9110 8.8.1). Conditional requests still
    match: the cache's If-None-Match comparison is weak (core.http.caching). A 304 is given the
    validators a 200 would carry: the weak ETag and Vary: Accept-Encoding."""

    def process_response(self, request: HttpRequest, response: Response) -> Response:
        if response.status_code == 304:
            return self._not_modified(request, response)
        if holds_a_secret(request, response) or not _compressible(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)

    def _not_modified(self, request: HttpRequest, response: Response) -> Response:
        if holds_a_secret(request, response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        etag = response.get("ETag")
        accepts = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if accepts and etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        return response

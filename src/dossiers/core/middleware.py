"""HTTP hardening: a Content-Security-Policy on every page, the desk's own on the desk."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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

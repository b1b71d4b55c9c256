"""Absolute URLs, built here and nowhere else: from DOSSIERS_SITE_URL when set (the public
address behind a proxy or CDN), else from the request's scheme and host."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import get_script_prefix

from dossiers.core.config import conf


def site_root(request: HttpRequest | None) -> str:
    """'https://analysis.example.org/' (always with the trailing slash)."""
    configured = conf().site_url
    if configured:
        return configured + "/"
    if request is None:
        return "http://localhost/"
    return request.build_absolute_uri("/")


def absolute(request: HttpRequest | None, path: str) -> str:
    """`path` ('/topics/x/') on the site's root; an absolute URL is returned as it is.

    A path reversed under a script prefix that the root already ends with (the static
    export under https://example.org/sub/ reverses '/sub/topics/x/') is not prefixed twice.
    """
    if path.startswith(("http://", "https://")):
        return path
    root = site_root(request)
    prefix = get_script_prefix()
    if prefix != "/" and path.startswith(prefix) and root.endswith(prefix):
        path = "/" + path.removeprefix(prefix)
    return root.rstrip("/") + path

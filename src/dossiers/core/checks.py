"""Deployment checks of the shared kernel (`dossiers check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.core import checks

from dossiers.core.config import conf


@checks.register(checks.Tags.security, deploy=True)
def site_url_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """In production the site's address is configured, never taken from a request.

    Without it, feeds, sitemaps and structured data carry whatever Host header a
    request sent (any allowed name, or the right name with another port); each host
    is cached apart, so nobody is served another's URLs, but search engines and feed
    readers may be given an address the site does not want to be known by.
    """
    if conf().site_url:
        return []
    return [
        checks.Error(
            "DOSSIERS_SITE_URL is not set: absolute URLs would follow each request's Host.",
            hint="Set DOSSIERS_SITE_URL=https://your.public.address (see docs/operations.md).",
            id="dossiers.core.E001",
        )
    ]

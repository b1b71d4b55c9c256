"""What every public page's frame shows, given to the templates lazily (a callable: a page
that does not render the frame, such as a cached fragment, costs nothing)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dossiers.publishing.selectors import footer_links


def site_chrome(request: HttpRequest) -> dict[str, Any]:
    return {"footer_links": footer_links}

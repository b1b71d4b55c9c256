"""Rendering one public address in-process, as the live site would answer it.

The views are called directly (resolve, then the view function), with a request made for
the export's address: no middleware, no sessions, and no page cache (the export renders
with a dummy cache, so it neither reads pages stored for readers nor leaves its own in a
shared cache). The templates know they render a static copy (`core.exporting`): search and
comments point to the live site or are left out. Links are reversed under the export's
path prefix, and absolute URLs (canonical, feeds, sitemaps, JSON-LD) are on its origin.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.test.utils import override_settings
from django.urls import Resolver404, get_resolver, get_script_prefix, set_script_prefix

from dossiers.core.config import conf
from dossiers.core.exporting import rendering_static_copy
from dossiers.export.links import file_name, internal_links


@dataclass(frozen=True)
class Target:
    """Where the export will be served: 'https://example.org' and '/sub/'."""

    origin: str
    prefix: str
    live_url: str
    # Where static files and media are, below the prefix ('static/'; '' for no media).
    static: str = "static/"
    media: str = ""

    @property
    def root(self) -> str:
        return self.origin + self.prefix


def target_from(*, base_url: str | None, live_url: str | None) -> Target:
    """`--base-url` absolute ('https://example.org/sub/') or a path ('/sub/'); without it,
    DOSSIERS_SITE_URL; the origin of a bare path is the configured site's, or localhost."""
    configured = conf().site_url
    base = base_url or (configured + "/" if configured else "/")
    parts = urlsplit(base)
    if parts.scheme and parts.netloc:
        origin = f"{parts.scheme}://{parts.netloc}"
    elif configured:
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(configured))
    else:
        origin = "http://localhost"
    prefix = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
    live = live_url if live_url is not None else configured
    media = getattr(settings, "MEDIA_URL", "") or ""
    return Target(
        origin=origin,
        prefix=prefix,
        live_url=(live or "").rstrip("/"),
        static=settings.STATIC_URL.lstrip("/"),
        media=media.lstrip("/") if media.startswith("/") else "",
    )


@dataclass(frozen=True)
class Rendered:
    path: str
    name: str  # the file in the export
    status: int
    content: bytes
    location: str  # a redirect's target
    links: frozenset[str]


class Renderer:
    def __init__(self, target: Target) -> None:
        self.target = target
        parts = urlsplit(target.origin)
        secure = parts.scheme == "https"
        self.factory = RequestFactory(
            SCRIPT_NAME=target.prefix.rstrip("/"),
            SERVER_NAME=parts.hostname or "localhost",
            SERVER_PORT=str(parts.port or (443 if secure else 80)),
            HTTP_HOST=parts.netloc,
        )
        self.secure = secure
        self.resolver = get_resolver()

    def render(self, path: str) -> Rendered:
        """The page at `path` (with the prefix): its status, bytes and internal links."""
        path_info = "/" + path.removeprefix(self.target.prefix)
        name = file_name(path, self.target.prefix)
        try:
            match = self.resolver.resolve(path_info)
            request = self.factory.get(path_info, secure=self.secure)
            response = match.func(request, *match.args, **match.kwargs)
        except (Http404, Resolver404):
            return Rendered(path, name, 404, b"", "", frozenset())
        return self.rendered(path, name, response)

    def rendered(self, path: str, name: str, response: HttpResponse) -> Rendered:
        render = getattr(response, "render", None)
        if render is not None:
            render()
        if response.status_code != 200:
            location = response.get("Location", "")
            return Rendered(path, name, response.status_code, b"", location, frozenset())
        content = response.content
        url = self.target.origin + path
        links = internal_links(content, name=name, url=url, root=self.target.root)
        return Rendered(path, name, 200, content, "", frozenset(links))


@contextmanager
def export_session(target: Target) -> Iterator[Renderer]:
    """Settings for rendering the copy, in this process, for as long as the block runs."""
    dossiers: dict[str, Any] = {**settings.DOSSIERS, "SITE_URL": target.root.rstrip("/")}
    overrides: dict[str, Any] = {
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
        "ALLOWED_HOSTS": ["*"],
        "DOSSIERS": dossiers,
        "STATIC_URL": target.prefix + target.static,
    }
    if target.media:
        overrides["MEDIA_URL"] = target.prefix + target.media
    previous = get_script_prefix()
    with ExitStack() as stack:
        stack.enter_context(override_settings(**overrides))
        stack.enter_context(rendering_static_copy(live_url=target.live_url))
        set_script_prefix(target.prefix)
        stack.callback(set_script_prefix, previous)
        yield Renderer(target)

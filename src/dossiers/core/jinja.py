"""The Jinja2 environment for public pages."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from jinja2 import Environment

from dossiers.core.config import conf
from dossiers.core.dates import iso, long_date
from dossiers.core.exporting import static_copy
from dossiers.core.http.urls import absolute
from dossiers.core.pagination import page_path
from dossiers.core.text import join_human, pluralize


@lru_cache(maxsize=50_000)
def _reverse_args(name: str, args: tuple[Any, ...], prefix: str) -> str:
    # `prefix` (the script prefix) is part of the key: the static export reverses under
    # its own (--base-url https://example.org/sub/).
    return reverse(name, args=args or None)


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """reverse(), memoised for positional arguments: listing pages build many URLs."""
    if kwargs:
        return reverse(name, kwargs=kwargs)
    return _reverse_args(name, args, get_script_prefix())


def page_url(path: str, number: int) -> str:
    """The canonical URL of page `number` of the list at `path` ('/topics/x/'): page 1 is
    the list's own address, page N its `page/N/` (a path, so a static export can hold it
    as a file; `?page=N` answers 301 to it, core.pagination.paged)."""
    return page_path(path, number)


class SiteSettings:
    """`site.site_name` in templates: the current settings (core.config), read at render."""

    def __getattr__(self, name: str) -> Any:
        return getattr(conf(), name)


def environment(**options: Any) -> Environment:
    env = Environment(**options)  # noqa: S701 - autoescape is set in settings.TEMPLATES
    env.globals.update(
        url=url,
        absolute=absolute,
        static=static,
        page_url=page_url,
        static_copy=static_copy,
        site=SiteSettings(),
    )
    env.filters.update(
        long_date=long_date,
        iso=iso,
        pluralize=pluralize,
        join_human=join_human,
    )
    env.trim_blocks = True
    env.lstrip_blocks = True
    return env

"""Is this page being rendered for a static copy of the site (`dossiers export site`)?

A static copy has no server behind it: no search and no comment form can work there. The
templates ask `static_copy()` (a Jinja global) and, in a copy, point those to the live
site (`live_url`) or leave them out with a note. On the live site it is None and the pages
are exactly what they always were. A context variable, not a setting: the export renders
in its own processes, and nothing a reader requests ever sees it set.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.urls import get_script_prefix


@dataclass(frozen=True)
class StaticCopy:
    # The live site's address ('https://analysis.example.org', no trailing slash), or ''
    # when there is none: then search and comments are left out of the copy.
    live_url: str

    def live(self, path: str) -> str:
        """`path` as reversed for the copy ('/sub/analysis/x/') on the live site."""
        prefix = get_script_prefix()
        return self.live_url + "/" + path.removeprefix(prefix).lstrip("/")


_current: ContextVar[StaticCopy | None] = ContextVar("static_copy", default=None)


def static_copy() -> StaticCopy | None:
    return _current.get()


@contextmanager
def rendering_static_copy(*, live_url: str) -> Iterator[StaticCopy]:
    copy = StaticCopy(live_url=live_url.rstrip("/"))
    token = _current.set(copy)
    try:
        yield copy
    finally:
        _current.reset(token)

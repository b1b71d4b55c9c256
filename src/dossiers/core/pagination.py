"""Page numbers: strict, so that every page has one URL. Lists are paged by path
(`/topics/x/page/2/`, `paged`); search results by query string (`requested_page`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict

from dossiers.core.params import whole_number_from

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class PageWindow:
    number: int
    per_page: int
    total: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def first_position(self) -> int:
        """1-based position of the first item on this page (lists continue across pages)."""
        return self.offset + 1


def requested_page(query: QueryDict) -> int:
    """The page number asked for; 404 for anything but a positive whole number.

    `?page=1` is accepted (and canonicalised by the templates to the bare URL).
    """
    raw = query.get("page")
    if raw is None:
        return 1
    number = whole_number_from(raw, max_digits=6)
    if number is None:
        raise Http404("Page numbers are whole numbers from 1.")
    if number < 1:
        raise Http404("Page numbers start at 1.")
    return number


def page_window(*, number: int, per_page: int, total: int) -> PageWindow:
    """A page of a list of `total` items; 404 past the last page (page 1 always exists)."""
    window = PageWindow(number=number, per_page=per_page, total=total)
    if number > window.num_pages:
        raise Http404("There is no page with that number.")
    return window


def page_path(path: str, number: int) -> str:
    """Page `number` of the list at `path` ('/topics/x/'): the path itself for page 1,
    'page/N/' below it for the others."""
    return path if number <= 1 else f"{path}page/{number}/"


def list_path(path: str, number: int | None) -> str:
    """The list's own address from the address of its page `number` (None: the list's)."""
    return path if number is None else path.removesuffix(f"page/{number}/")


def paged(view: View) -> View:
    """Pages of a list by path (`…/page/N/`, the URL pattern's `page`), one URL per page.

    The old `?page=N` answers 301 to `…/page/N/` (bookmarks, search engines), `page/1/`
    301 to the list itself; page 0 or a bad `?page` is 404 (`requested_page`). The view
    gets `page` as a whole number from 1.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, page: int | None = None, **kwargs: Any) -> Any:
        base = list_path(request.path, page)
        if "page" in request.GET:
            target = page_path(base, requested_page(request.GET))
            rest = request.GET.copy()
            del rest["page"]
            query = rest.urlencode()
            return HttpResponsePermanentRedirect(target + (f"?{query}" if query else ""))
        if page is not None and page < 1:
            raise Http404("Page numbers start at 1.")
        if page == 1:
            return HttpResponsePermanentRedirect(base)
        return view(request, *args, page=page or 1, **kwargs)

    return wrapper

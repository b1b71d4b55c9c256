"""Page numbers from the query string: strict, so that every page has one URL."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, QueryDict

from dossiers.core.params import whole_number_from


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

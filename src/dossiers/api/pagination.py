"""Page-number pagination for every list of the API, search included.

A list answers `?page=N&page_size=M` (M up to DOSSIERS_API_MAX_PAGE_SIZE) with the
envelope `PageMeta` describes: the total count, the page, the number of pages and
absolute links to the next and previous pages (the request's other parameters kept).
Page 1 always exists; a page past the last is a 404 that says how many there are.

Two steps, so that any read fits: `params.offset`/`params.page_size` say what to
fetch, and `page_meta` (given the total) checks the page and makes the links. Lists
with a cheap count check before fetching (`page_check`); a search that learns its
total while fetching a page calls `page_meta` afterwards.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError

from dossiers.core.config import conf
from dossiers.core.http.urls import absolute

MAX_PAGE_NUMBER = 100_000


def _default_size() -> int:
    return conf().api_page_size


def _max_size() -> int:
    return conf().api_max_page_size


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE_NUMBER, description="Page number, from 1.")
    page_size: int = Field(
        _default_size(),
        ge=1,
        le=_max_size(),
        description=f"Items per page (default {_default_size()}, at most {_max_size()}).",
    )

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


class PageMeta(Schema):
    count: int = Field(description="Items in the whole list.")
    page: int
    page_size: int
    num_pages: int = Field(description="Pages in the whole list (at least 1).")
    next: str | None = Field(description="Absolute URL of the next page, or null.")
    previous: str | None = Field(description="Absolute URL of the previous page, or null.")


def num_pages(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


def page_check(params: PageParams, total: int) -> None:
    """404 for a page past the last one (page 1 always exists, even for an empty list)."""
    pages = num_pages(total, params.page_size)
    if params.page > pages:
        raise HttpError(
            404,
            f"There is no page {params.page}: this list has {total} items "
            f"in {pages} page{'s' if pages != 1 else ''} of {params.page_size}.",
        )


def page_meta(request: HttpRequest, params: PageParams, total: int) -> dict[str, object]:
    """The envelope's fields for one page of a list of `total` items (checks the page)."""
    page_check(params, total)
    pages = num_pages(total, params.page_size)
    return {
        "count": total,
        "page": params.page,
        "page_size": params.page_size,
        "num_pages": pages,
        "next": _page_link(request, params.page + 1) if params.page < pages else None,
        "previous": _page_link(request, params.page - 1) if params.page > 1 else None,
    }


def _page_link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return absolute(request, f"{request.path}?{query.urlencode()}")

"""The search page: /search/?q=…&hub=…&author=…&entity=…&from=…&to=…&page=N.

The search itself is `search.selectors.search_run` (the API's too); its parameters are
read strictly by `search.params`. Results pages are cached whole under the content
token, keyed by every search parameter (core/http/caching.py), and never indexed by
search engines (a robots meta tag in the page, an X-Robots-Tag header on every response,
set outside the cache).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import get_format
from django.views.decorators.http import require_safe

from dossiers.core.config import conf
from dossiers.core.http.caching import cached_response
from dossiers.core.pagination import page_window, requested_page
from dossiers.search.params import FORM_FIELDS, SearchParams, read_params
from dossiers.search.selectors import SearchOutcome, search_choices, search_run


def noindex(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper


@require_safe
@noindex
@cached_response(params=(*FORM_FIELDS, "page"))
def search_page(request: HttpRequest) -> HttpResponse:
    params = read_params(request.GET, date_formats=_date_formats())
    number = requested_page(request.GET)
    per_page = conf().page_size
    outcome = None
    if not params.problems:
        outcome = search_run(
            query=params.q,
            hub=params.hub,
            author=params.author,
            entity=params.entity,
            date_from=params.date_from,
            date_to=params.date_to,
            offset=(number - 1) * per_page,
            limit=per_page,
        )
    window = page_window(number=number, per_page=per_page, total=outcome.total if outcome else 0)
    return render(request, "web/search.html", _context(params, outcome, window))


def _date_formats() -> tuple[str, ...]:
    """How the site's locale writes a date (en-GB: 31/01/2025), first the one the form shows."""
    return tuple(get_format("DATE_INPUT_FORMATS"))


def _context(params: SearchParams, outcome: SearchOutcome | None, window: Any) -> dict[str, Any]:
    messages = [*params.problems]
    if outcome is not None and outcome.message:
        messages.append(outcome.message)
    choices = search_choices(entity=params.entity)
    entity_options = list(choices.entity)
    for entity in outcome.entities if outcome else ():
        if (entity.name, entity.slug) not in entity_options:
            entity_options.append((entity.name, entity.slug))
    shown = _date_formats()[0]
    return {
        "params": params,
        "date_hint": dt.date(2025, 1, 31).strftime(shown),
        "date_value": lambda day: day.strftime(shown) if day else "",
        "search_q": params.q,
        "outcome": outcome,
        "messages": messages,
        "window": window,
        "hubs": choices.hubs,
        "authors": choices.authors,
        "entity_options": entity_options,
        "page_link": lambda n: "?" + params.query_string(page=n if n > 1 else ""),
        "entity_link": lambda slug: "?" + params.query_string(entity=slug),
    }

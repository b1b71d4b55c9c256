"""The search page's GET parameters, read strictly. Pure: no ORM, no request objects.

Every value is cleaned of control characters and cut to a sane length; a
value that cannot be right (a date that is not a date, a slug with spaces)
becomes a problem for the reader to fix instead of a query that fails.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from dossiers.search.query import clean_text

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")
FORM_FIELDS = ("q", "hub", "author", "entity", "from", "to")
# Dates as the site's readers write them (en-GB: day first), and ISO for links and the API.
# The web view passes the locale's own list (Django's DATE_INPUT_FORMATS).
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d")


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    hub: str = ""
    author: str = ""
    entity: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    raw: Mapping[str, str] = field(default_factory=dict)  # as sent, cleaned, for the form
    problems: tuple[str, ...] = ()

    @property
    def filtered(self) -> bool:
        return bool(self.hub or self.author or self.entity or self.date_from or self.date_to)

    def query_string(self, **changes: object) -> str:
        """This search's parameters (as sent), with changes; empty values left out."""
        values: dict[str, object] = {name: self.raw.get(name, "") for name in FORM_FIELDS}
        values.update(changes)
        return urlencode({name: value for name, value in values.items() if value})


def _text(value: object, limit: int) -> str:
    if not isinstance(value, str):
        return ""
    return clean_text(value).strip()[:limit]


def _date(raw: str, label: str, problems: list[str], formats: tuple[str, ...]) -> dt.date | None:
    if not raw:
        return None
    for form in (*formats, "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(raw, form).date()  # noqa: DTZ007 (a day, no time)
        except ValueError:
            continue
    example = dt.date(2025, 1, 31).strftime(formats[0] if formats else "%Y-%m-%d")
    problems.append(f"The “{label}” date “{raw[:40]}” is not a date: write it as {example}.")
    return None


def _slug(raw: str, what: str, problems: list[str]) -> str:
    if raw and not SLUG.match(raw):
        problems.append(f"There is no {what} “{raw[:80]}”: choose one from the list.")
        return ""
    return raw


def read_params(
    query: Mapping[str, str], date_formats: tuple[str, ...] = DATE_FORMATS
) -> SearchParams:
    """The search form's values from a query string (`request.GET`); dates in any of
    `date_formats` (the first is how the form shows them) or ISO."""
    # The query itself is kept whole (up to a generous bound) so that the search can say
    # how long it was; the other fields are short by nature.
    raw = {name: _text(query.get(name, ""), 20_000 if name == "q" else 300) for name in FORM_FIELDS}
    problems: list[str] = []
    return SearchParams(
        q=raw["q"],
        hub=_slug(raw["hub"], "topic", problems),
        author=_slug(raw["author"], "author", problems),
        entity=_slug(raw["entity"], "entity", problems),
        date_from=_date(raw["from"], "from", problems, date_formats),
        date_to=_date(raw["to"], "to", problems, date_formats),
        raw=raw,
        problems=tuple(problems),
    )

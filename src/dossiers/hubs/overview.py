"""The hub overview ("what you will find below"), composed from plain data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dossiers.core.dates import long_date


@dataclass(frozen=True)
class CoveredEntity:
    name: str
    url: str
    article_count: int


@dataclass(frozen=True)
class Overview:
    article_count: int
    first_published: dt.datetime | None
    last_published: dt.datetime | None
    covered: tuple[CoveredEntity, ...] = ()


@dataclass(frozen=True)
class Segment:
    """A run of overview text; with `url`, a link."""

    text: str
    url: str | None = None


def overview_segments(overview: Overview) -> list[Segment]:
    """The overview as text runs, grammatical for 0, 1, 2 and many articles and entities."""
    n = overview.article_count
    if n == 0:
        return [Segment("No analyses have been collected on this topic yet.")]
    first, last = long_date(overview.first_published), long_date(overview.last_published)
    if n == 1:
        parts = [Segment(f"One analysis, published on {last}.")]
    elif first == last:
        parts = [Segment(f"{n} analyses, all published on {last}.")]
    else:
        parts = [Segment(f"{n} analyses published between {first} and {last}.")]
    covered = overview.covered
    if covered:
        subject = "it also covers" if n == 1 else "they also cover"
        parts.append(Segment(f" Beyond the key terms, {subject} "))
        for index, entity in enumerate(covered):
            parts.append(Segment(entity.name, entity.url))
            if n > 1:
                parts.append(Segment(f" ({_in_count(entity.article_count)})"))
            parts.append(Segment(_separator(index, len(covered))))
    return parts


def _in_count(count: int) -> str:
    return "in 1 analysis" if count == 1 else f"in {count}"


def _separator(index: int, total: int) -> str:
    if index == total - 1:
        return "."
    if index == total - 2:
        return " and "
    return ", "

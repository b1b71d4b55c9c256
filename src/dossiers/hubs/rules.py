"""Hub membership: pure functions on plain data (no ORM).

A hub's rule says which of its key entities an article must be about (any
one, or all), how salient they must be in it, and optionally a date range.
Editors' pins win over the rule; exclusions win over everything. Every
decision comes with its reason in words, stored on the membership.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dossiers.core.text import join_human
from dossiers.knowledge.mentions import ABOUT_THRESHOLD, MentionStats


@dataclass(frozen=True)
class HubRule:
    mode: str = "any"  # "any" or "all" of the key entities
    min_salience: float = ABOUT_THRESHOLD
    published_from: dt.date | None = None
    published_until: dt.date | None = None

    def in_range(self, published_on: dt.date | None) -> bool:
        if self.published_from is None and self.published_until is None:
            return True
        if published_on is None:
            return False
        if self.published_from and published_on < self.published_from:
            return False
        return not (self.published_until and published_on > self.published_until)


def membership_reason(
    *,
    key_entities: Sequence[tuple[int, str]],
    mentions: Mapping[int, MentionStats],
    pinned: bool,
    excluded: bool,
    rule: HubRule | None = None,
    published_on: dt.date | None = None,
) -> str | None:
    """Why an article belongs on a hub, or None when it does not.

    "about Turkey (title) and NATO (3 mentions)"; "pinned by an editor";
    "filed under Black Sea" (a mention counted 0 times: the article's source
    filed it under that category or tag, see knowledge.filings).
    """
    if excluded:
        return None
    rule = rule or HubRule()
    qualifying = [
        (name, mentions[pk])
        for pk, name in key_entities
        if pk in mentions and mentions[pk].salience >= rule.min_salience
    ]
    described = _describe_all(qualifying)
    if pinned:
        return "pinned by an editor" + (f"; {described}" if described else "")
    if not qualifying or not rule.in_range(published_on):
        return None
    if rule.mode == "all" and len(qualifying) < len(key_entities):
        return None
    return described


def _describe_all(matched: list[tuple[str, MentionStats]]) -> str:
    named = [(name, stats) for name, stats in matched if stats.count]
    about = [_describe(name, stats) for name, stats in named if stats.is_about]
    passing = [_describe(name, stats) for name, stats in named if not stats.is_about]
    filed = [name for name, stats in matched if not stats.count]
    parts = []
    if about:
        parts.append(f"about {join_human(about)}")
    if passing:
        parts.append(f"mentions {join_human(passing)}")
    if filed:
        parts.append(f"filed under {join_human(filed)}")
    return "; ".join(parts)


def _describe(name: str, stats: MentionStats) -> str:
    where = []
    if stats.in_title:
        where.append("title")
    elif stats.in_lead:
        where.append("lead")
    if stats.count > 1:
        where.append(f"{stats.count} mentions")
    elif not where:
        where.append("once")
    return f"{name} ({', '.join(where)})"

"""Hub membership: pure functions on plain data (no ORM).

A hub's rule says which of its key entities an article must be about (any
one, or all), how salient they must be in it, and optionally a date range.
Editors' pins win over the rule; exclusions win over everything. Every
decision comes with its reason in words, stored on the membership.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from dossiers.core.text import join_human
from dossiers.knowledge.mentions import ABOUT_THRESHOLD, MentionStats


@dataclass(frozen=True)
class HubRule:
    mode: str = "any"  # "any" or "all" of the key entities
    min_salience: float = ABOUT_THRESHOLD
    published_from: dt.date | None = None
    published_until: dt.date | None = None
    # Off for an imported category or tag: only the articles filed under a key entity
    # count (and pins), not the ones whose text is about it.
    collect_mentions: bool = True
    filed_in: str = ""  # where they were filed ("WordPress"), for the reason

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
    filed: AbstractSet[int] = frozenset(),
) -> str | None:
    """Why an article belongs on a hub, or None when it does not.

    "about Turkey (title) and NATO (3 mentions)"; "pinned by an editor";
    "filed under Black Sea" (a mention counted 0 times: the article's source
    filed it under that category or tag, see knowledge.filings). A hub that
    does not collect mentions takes only the key entities in `filed` (the
    article's filings): "filed under Analysis in WordPress".
    """
    if excluded:
        return None
    rule = rule or HubRule()
    if not rule.collect_mentions:
        qualifying = [(name, _FILED) for pk, name in key_entities if pk in filed]
        described = _describe_filed([name for name, _ in qualifying], rule.filed_in)
    else:
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


# Stands for a filing when a hub only collects filed articles (its statistics are not read).
_FILED = MentionStats(0, 0, False, False, 1.0)


def _describe_filed(names: list[str], filed_in: str) -> str:
    if not names:
        return ""
    return f"filed under {join_human(names)}" + (f" in {filed_in}" if filed_in else "")


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

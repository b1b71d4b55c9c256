"""Hub membership: pure functions on plain data (no ORM)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dossiers.core.text import join_human
from dossiers.knowledge.matching import MentionStats


def membership_reason(
    *,
    key_entities: Sequence[tuple[int, str]],
    mentions: Mapping[int, MentionStats],
    pinned: bool,
    excluded: bool,
) -> str | None:
    """Why an article belongs on a hub, or None when it does not.

    Exclusion wins over everything; a pin wins over the rule; otherwise the
    article must mention at least one key entity (by name or alias), or have
    been filed under one by its source (a mention counted 0 times: an
    imported category or tag, see importers.receivers).
    """
    if excluded:
        return None
    matched = [(name, mentions[pk]) for pk, name in key_entities if pk in mentions]
    mentioned = join_human([_describe(name, stats) for name, stats in matched if stats.count])
    filed = join_human([name for name, stats in matched if not stats.count])
    described = "; ".join(
        part
        for part in (
            f"mentions {mentioned}" if mentioned else "",
            f"filed under {filed}" if filed else "",
        )
        if part
    )
    if pinned:
        return "pinned by an editor" + (f"; {described}" if described else "")
    if not matched:
        return None
    return described


def _describe(name: str, stats: MentionStats) -> str:
    where = []
    if stats.in_title:
        where.append("in the title")
    times = "once" if stats.count == 1 else f"{stats.count} times"
    where.append(times)
    return f"{name} ({', '.join(where)})"

"""From an article's matches to per-entity statistics: counts, positions, salience, and
names several entities share settled by the article's context. Pure, no ORM."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from dossiers.knowledge.matching import Matcher
from dossiers.knowledge.salience import (
    ABOUT_THRESHOLD,
    DEFAULT_POLICY,
    SaliencePolicy,
    lead_bounds,
    opens_clause,
    salience,
)
from dossiers.knowledge.senses import read_senses

__all__ = [
    "ABOUT_THRESHOLD",
    "DEFAULT_POLICY",
    "Decision",
    "LinkResult",
    "MentionStats",
    "SaliencePolicy",
    "compose_document",
    "link_document",
    "mask_urls",
    "salience",
]


def mask_urls(text: str) -> str:
    """Blank out URLs and e-mail addresses (same length) so that nothing matches inside them.

    Found with `str.find` on their markers ("://", "www.", "@") and widened
    to the surrounding whitespace: a regex scan costs more than the matching.
    """
    spans: list[tuple[int, int]] = []
    for marker in ("://", "www.", "@"):
        position = text.find(marker)
        while position >= 0:
            start = position
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            end = position + len(marker)
            while end < len(text) and not text[end].isspace():
                end += 1
            spans.append((start, end))
            position = text.find(marker, end)
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for start, end in sorted(spans):
        start = max(start, last)
        if end > start:
            parts.append(text[last:start])
            parts.append(" " * (end - start))
            last = end
    parts.append(text[last:])
    return "".join(parts)


@dataclass(slots=True)
class MentionStats:
    count: int = 0
    first_position: int = 0
    in_title: bool = False
    in_lead: bool = False
    salience: float = 0.0
    # How the body first names the entity (for the link in the rendered text).
    surface: str = ""
    # Why an ambiguous name was given to this entity, when it was.
    disambiguation: str = ""
    # The linker's judgement under the site's threshold (`SaliencePolicy.about`); None
    # for statistics made elsewhere, which are judged on the default threshold.
    about: bool | None = None

    @property
    def is_about(self) -> bool:
        if self.about is None:
            return self.salience >= ABOUT_THRESHOLD
        return self.about


@dataclass(frozen=True)
class Decision:
    """What became of a surface form that several entities share."""

    surface: str
    candidates: tuple[int, ...]
    chosen: int | None
    evidence: tuple[tuple[str, int], ...]  # (kind, entity id): "named", "related", "hub", "type"
    count: int
    first_position: int


@dataclass
class LinkResult:
    mentions: dict[int, MentionStats] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)

    @property
    def ambiguous(self) -> dict[str, tuple[int, ...]]:
        """Surface forms that name several entities and that context did not settle."""
        return {d.surface: d.candidates for d in self.decisions if d.chosen is None}

    def about(self) -> dict[int, MentionStats]:
        return {pk: stats for pk, stats in self.mentions.items() if stats.is_about}


def compose_document(
    title: str, body_text: str, policy: SaliencePolicy = DEFAULT_POLICY
) -> tuple[str, int, int]:
    """The text to match: title, then body. Returns (text, title_end, lead_end)."""
    body = mask_urls(body_text)
    text = f"{title}\n{body}"
    title_end = len(title)
    lead_end = lead_bounds(text, title_end + 1, policy)[1]
    return text, title_end, lead_end


def link_document(
    matcher: Matcher, *, title: str, body_text: str, policy: SaliencePolicy = DEFAULT_POLICY
) -> LinkResult:
    """Entities mentioned in an article, with counts, positions and salience.

    A surface form shared by several entities ("Georgia") is given to one of
    them only when the rest of the article says which (see `_settle`);
    otherwise it is left out and reported in `decisions` with no choice.
    Salience and the "about" judgement follow `policy` (see `salience.py`).
    """
    body = mask_urls(body_text)
    text = f"{title}\n{body}"
    title_end = len(title)
    # Where each entity is named, in order: (start, end) pairs.
    where: dict[int, list[tuple[int, int]]] = {}
    shared: dict[tuple[int, ...], list[tuple[int, int]]] = {}
    weak: list[tuple[tuple[int, ...], int, int]] = []
    # Each occurrence read in its sense (cues, full names, headline case): `senses`.
    spans_read, explained = read_senses(matcher, text, title_end)
    for start, end, ids in spans_read:
        if ids[0] < 0:  # ids are sorted: a negative first id means a context-only term
            strong = tuple(i for i in ids if i > 0)
            if not strong:
                weak.append((tuple(sorted(-i for i in ids)), start, end))
                continue
            ids = strong
        if len(ids) == 1:
            spans = where.get(ids[0])
            if spans is None:
                where[ids[0]] = [(start, end)]
            else:
                spans.append((start, end))
        else:
            shared.setdefault(ids, []).append((start, end))
    if weak:
        _add_context_only(weak, where, shared)
    result = LinkResult()
    notes: dict[int, Decision] = {}
    if shared:
        context = frozenset(where)
        types = Counter(matcher.types.get(pk, "") for pk in context)
        for candidates, spans in shared.items():
            chosen, evidence = _settle(matcher, candidates, context, types)
            surface = text[spans[0][0] : spans[0][1]]
            decision = Decision(surface, candidates, chosen, evidence, len(spans), spans[0][0])
            result.decisions.append(decision)
            if chosen is not None:
                notes[chosen] = decision
                where[chosen] = sorted(where.get(chosen, []) + spans)
    _judge(result, matcher, where, notes, text, title_end, policy, explained)
    return result


def _judge(
    result: LinkResult,
    matcher: Matcher,
    where: dict[int, list[tuple[int, int]]],
    notes: dict[int, Decision],
    text: str,
    title_end: int,
    policy: SaliencePolicy,
    explained: dict[int, str],
) -> None:
    """Each entity's statistics and salience, from where the article names it.

    Two passes: first what the article itself says of each entity (title,
    the lead's subject, the lead, its share of all mentions, how early; see
    `salience.py`); then hub context: a key entity of the same hub as one
    the article is plainly about (title or subject) gains `policy.context`.
    """
    body_start = title_end + 1
    sentence_end, lead_end = lead_bounds(text, body_start, policy)
    body_length = len(text) - body_start
    total = sum(map(len, where.values()))
    threshold = policy.about
    mentions = result.mentions
    anchors: list[int] = []
    for entity_id, spans in where.items():
        count = len(spans)
        first = spans[0][0]
        in_title = first < title_end
        # Where the body first names the entity (the title is not the lead).
        body_first = -1
        surface = ""
        for start, end in spans:
            if start >= title_end:
                body_first = start
                surface = text[start:end]
                break
        in_lead = 0 <= body_first < lead_end
        subject = (
            in_lead and body_first < sentence_end and opens_clause(text, body_start, body_first)
        )
        position = (body_first - body_start) / body_length if body_first >= 0 else 1.0
        score = salience(
            count,
            position,
            in_title=in_title,
            in_lead=in_lead,
            subject=subject,
            share=count / total,
        )
        stats = MentionStats(
            count, first, in_title, in_lead, score, surface, "", score >= threshold
        )
        if entity_id in notes:
            stats.disambiguation = _explain(notes[entity_id])
        elif entity_id in explained:
            stats.disambiguation = explained[entity_id]
        mentions[entity_id] = stats
        if in_title or subject:
            anchors.append(entity_id)
    # Hub context: a key entity of the same hub as an entity the article is plainly about
    # (a Black Sea piece naming the Montreux Convention). Entities merely related through
    # their definitions were tried too, and cost precision on the domain set: not used.
    peers = matcher.hub_peers
    if policy.context and anchors and peers and len(mentions) > 1:
        for entity_id, stats in mentions.items():
            if stats.about or entity_id in anchors:
                continue
            hub = peers.get(entity_id)
            if hub and not hub.isdisjoint(anchors):
                stats.salience = round(min(stats.salience + policy.context, 1.0), 4)
                stats.about = stats.salience >= threshold


def _add_context_only(
    weak: list[tuple[tuple[int, ...], int, int]],
    where: dict[int, list[tuple[int, int]]],
    shared: dict[tuple[int, ...], list[tuple[int, int]]],
) -> None:
    """Context-only mentions count for the one entity among theirs the article names otherwise.

    "Baker said" counts for James Baker when "James Baker" is in the text;
    if both Bakers are named, it is an ambiguous name like any other; if
    neither is, it is nobody (a surname alone says too little).
    """
    named = set(where)
    for candidates, start, end in weak:
        present = tuple(pk for pk in candidates if pk in named)
        if len(present) == 1:
            where[present[0]].append((start, end))
        elif present:
            shared.setdefault(present, []).append((start, end))
    for spans in where.values():
        spans.sort()


# Evidence weights: a candidate needs at least 1 point, 1 point more than any other, and
# twice as many.
_NAMED, _RELATED, _HUB, _TYPE = 3.0, 1.0, 1.0, 0.5
# Types specific enough that "the article names other things of this type" means something.
_TELLING_TYPES = frozenset({"country", "person", "organisation", "company"})


def _settle(
    matcher: Matcher, candidates: tuple[int, ...], context: frozenset[int], types: Counter[str]
) -> tuple[int | None, tuple[tuple[str, int], ...]]:
    """Pick the candidate the article's other entities point to, or None when unclear.

    `context` holds the entities the article names unambiguously, `types`
    how many of them are of each type.
    """
    scored: list[tuple[float, int, tuple[tuple[str, int], ...]]] = []
    for candidate in candidates:
        evidence: list[tuple[str, int]] = []
        score = 0.0
        if candidate in context:
            score += _NAMED
            evidence.append(("named", candidate))
        for pk in sorted(matcher.related.get(candidate, frozenset()) & context):
            score += _RELATED
            evidence.append(("related", pk))
        for pk in sorted(matcher.hub_peers.get(candidate, frozenset()) & context):
            if ("related", pk) not in evidence:
                score += _HUB
                evidence.append(("hub", pk))
        kind = matcher.types.get(candidate, "")
        if kind in _TELLING_TYPES:
            same = types[kind] - (candidate in context)
            score += _TYPE * same
            if same:
                evidence.append(("type", same))
        scored.append((score, candidate, tuple(evidence)))
    scored.sort(key=lambda s: -s[0])
    best, runner_up = scored[0], scored[1]
    # Clear evidence, and clearly more than for any other candidate: an article
    # with strong signs of both ("two Georgias") is left for an editor.
    if best[0] >= 1 and best[0] - runner_up[0] >= 1 and best[0] >= 2 * runner_up[0]:
        return best[1], best[2]
    return None, ()


def _explain(decision: Decision) -> str:
    kinds = sorted({kind for kind, _ in decision.evidence})
    return f'"{decision.surface}" settled by context ({", ".join(kinds)})'

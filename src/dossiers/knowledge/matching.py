"""Finding entity names and aliases in text. Pure functions on plain data: no ORM.

The text is folded with a length-preserving translation table (case,
diacritics, apostrophes, dashes), so every match maps back to the same
offsets in the original text. Two Aho-Corasick automata do the search: one
over case-folded text for ordinary names, one over case-kept text for
case-sensitive aliases (acronyms that are also words: "US", "WHO", "EW").
Matches must sit on word boundaries; the leftmost, then longest, wins where
they overlap; a trailing possessive ("NATO's") or plural "s" is allowed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick

APOSTROPHES = "'’‘ʼ`´′"
DASHES = "-‐‑‒–—―−"
SPACES = "\t\n\r\f\v\u00a0\u2002\u2003\u2009\u200a\u202f"
_FOLD_RANGES = ((0x0000, 0x0530), (0x1E00, 0x1F00), (0x2000, 0x2070))


def _fold_char(char: str, keep_case: bool) -> str:
    if char in APOSTROPHES:
        return "'"
    if char in DASHES:
        return " "  # "Shahed-136" and "Shahed 136" are the same name
    if char in SPACES:
        return " "
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if len(base) != 1:
        base = char
    if not keep_case:
        lowered = base.lower()
        if len(lowered) == 1:
            base = lowered
    return base


@lru_cache(maxsize=2)
def _fold_table(keep_case: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for start, stop in _FOLD_RANGES:
        for code in range(start, stop):
            char = chr(code)
            folded = _fold_char(char, keep_case)
            if folded != char:
                table[code] = folded
    return table


def fold(text: str, *, keep_case: bool = False) -> str:
    """Fold case (unless `keep_case`), diacritics, apostrophes, dashes and spaces.

    The result has exactly the length of `text`: position i in the folded
    text is position i in the original.
    """
    return text.translate(_fold_table(keep_case))


def fold_pattern(text: str, *, keep_case: bool = False) -> str:
    """Fold a name or alias and collapse its inner spaces."""
    return " ".join(fold(text, keep_case=keep_case).split())


@dataclass(frozen=True)
class Term:
    """A name or alias of one entity."""

    entity_id: int
    text: str
    case_sensitive: bool = False


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entity_ids: tuple[int, ...]  # several when entities share the surface form

    @property
    def is_ambiguous(self) -> bool:
        return len(self.entity_ids) > 1


@dataclass
class Matcher:
    """Aho-Corasick automata over every term; build once, use for many texts."""

    folded: ahocorasick.Automaton | None
    exact: ahocorasick.Automaton | None
    term_count: int

    def find(self, text: str) -> list[Match]:
        """Every non-overlapping match in `text`, in order."""
        candidates: list[tuple[int, int, tuple[int, ...]]] = []
        for automaton, keep_case in ((self.folded, False), (self.exact, True)):
            if automaton is None:
                continue
            haystack = fold(text, keep_case=keep_case)
            for end_index, (length, entity_ids) in automaton.iter(haystack):
                start = end_index - length + 1
                end = _boundary_end(haystack, start, end_index + 1)
                if end is not None:
                    candidates.append((start, end, entity_ids))
        return _leftmost_longest(candidates)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _boundary_end(text: str, start: int, end: int) -> int | None:
    """The end of a match that sits on word boundaries, or None.

    A plural or possessive "s" straight after the name is taken in
    ("drones" for "drone"); "'s" needs nothing since the apostrophe is a
    boundary already.
    """
    if start > 0 and _is_word_char(text[start - 1]):
        return None
    if end >= len(text) or not _is_word_char(text[end]):
        return end
    if (
        text[end] in "sS"
        and text[end - 1].isalpha()
        and (end + 1 >= len(text) or not _is_word_char(text[end + 1]))
    ):
        return end + 1
    return None


def _leftmost_longest(candidates: list[tuple[int, int, tuple[int, ...]]]) -> list[Match]:
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    chosen: list[Match] = []
    last_end = -1
    for start, end, entity_ids in candidates:
        if start >= last_end:
            chosen.append(Match(start, end, entity_ids))
            last_end = end
    return chosen


def build_matcher(terms: Iterable[Term]) -> Matcher:
    """One automaton entry per distinct folded surface form, listing every entity it names."""
    folded_ids: dict[str, set[int]] = {}
    exact_ids: dict[str, set[int]] = {}
    count = 0
    for term in terms:
        key = fold_pattern(term.text, keep_case=term.case_sensitive)
        if not key.strip():
            continue
        count += 1
        target = exact_ids if term.case_sensitive else folded_ids
        target.setdefault(key, set()).add(term.entity_id)
    return Matcher(folded=_automaton(folded_ids), exact=_automaton(exact_ids), term_count=count)


def _automaton(keys: Mapping[str, set[int]]) -> ahocorasick.Automaton | None:
    if not keys:
        return None
    automaton = ahocorasick.Automaton()
    for key, ids in keys.items():
        automaton.add_word(key, (len(key), tuple(sorted(ids))))
    automaton.make_automaton()
    return automaton


def looks_like_acronym(text: str) -> bool:
    """Short all-capital names ("EU", "WHO", "PESCO") are matched case-sensitively by default."""
    letters = [c for c in text if c.isalpha()]
    return 0 < len(letters) <= 6 and all(c.isupper() for c in letters) and " " not in text.strip()


# --- From matches to per-entity statistics -----------------------------------

_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


def mask_urls(text: str) -> str:
    """Blank out URLs (same length) so that nothing matches inside them."""
    return _URL.sub(lambda m: " " * len(m.group()), text)


@dataclass
class MentionStats:
    count: int = 0
    first_position: int = 0
    in_title: bool = False
    in_lead: bool = False
    salience: float = 0.0


@dataclass
class LinkResult:
    mentions: dict[int, MentionStats] = field(default_factory=dict)
    # Surface forms that name several entities and that context did not settle.
    ambiguous: dict[str, tuple[int, ...]] = field(default_factory=dict)


def compose_document(title: str, body_text: str) -> tuple[str, int, int]:
    """The text to match: title, then body. Returns (text, title_end, lead_end)."""
    body = mask_urls(body_text)
    text = f"{title}\n{body}"
    title_end = len(title)
    lead_end = title_end + 1 + _lead_length(body)
    return text, title_end, lead_end


def _lead_length(body: str) -> int:
    """The lead is the first paragraph, or the first 400 characters if that is longer."""
    first_break = body.find("\n")
    return min(first_break if first_break >= 0 else len(body), 400)


def link_document(matcher: Matcher, *, title: str, body_text: str) -> LinkResult:
    """Entities mentioned in an article, with counts and positions.

    A surface form shared by several entities counts for the one among them
    that the article also names unambiguously; if none or several are, it is
    left out and reported as ambiguous.
    """
    text, title_end, lead_end = compose_document(title, body_text)
    matches = matcher.find(text)
    unambiguous = {m.entity_ids[0] for m in matches if not m.is_ambiguous}
    result = LinkResult()
    for match in matches:
        entity_id = _resolve(match, unambiguous)
        if entity_id is None:
            result.ambiguous[text[match.start : match.end]] = match.entity_ids
            continue
        stats = result.mentions.get(entity_id)
        if stats is None:
            stats = result.mentions[entity_id] = MentionStats(first_position=match.start)
        stats.count += 1
        stats.in_title = stats.in_title or match.start < title_end
        stats.in_lead = stats.in_lead or match.start < lead_end
    for stats in result.mentions.values():
        stats.salience = salience(stats, text_length=len(text))
    return result


def _resolve(match: Match, unambiguous: set[int]) -> int | None:
    if not match.is_ambiguous:
        return match.entity_ids[0]
    named = [entity_id for entity_id in match.entity_ids if entity_id in unambiguous]
    return named[0] if len(named) == 1 else None


def salience(stats: MentionStats, *, text_length: int) -> float:
    """How much the article is about the entity, from 0 to 1.

    Title and lead weigh most; repetition adds with diminishing returns; an
    early first mention adds a little.
    """
    score = 0.0
    if stats.in_title:
        score += 0.45
    if stats.in_lead:
        score += 0.2
    score += min(stats.count, 6) * 0.05
    if text_length:
        score += 0.05 * (1 - min(stats.first_position / text_length, 1))
    return round(min(score, 1.0), 4)

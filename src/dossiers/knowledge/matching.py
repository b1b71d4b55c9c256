"""Finding entity names and aliases in text. Pure functions on plain data: no ORM.

How it works, and why it is fast:

- The text is folded (`folding.fold`) with one table that keeps its length,
  so position i in the folded text is position i in the original and a
  match maps straight back.
- Every name and alias is folded the same way and stored once in a single
  Aho-Corasick automaton (ahocorasick_rs, Rust: twice as fast as
  pyahocorasick here) with a leading space. A space is put before the text
  too, so a key can only start where a word starts; the automaton's
  leftmost-longest search settles overlaps and returns every match in one
  list. Python then checks one thing per match: that it ends on a word
  boundary, allowing a plural or possessive "s" ("drones", "NATO's", since
  the apostrophe is a space).
- Case-sensitive aliases ("US", "EU", "WHO", which are also words) share the
  folded key and carry their exact form; a match counts for them only when
  the original text has that exact case. There is no second pass.
- When the longest key fails those checks ("New York" in "New Yorker"),
  the shorter keys inside it are tried, so "New" still matches.

What the matches mean for an article (counts, salience, shared names settled
by context) is `mentions.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import ahocorasick_rs

from dossiers.knowledge.folding import fold, unify


@dataclass(frozen=True)
class Term:
    """A name or alias of one entity."""

    entity_id: int
    text: str
    case_sensitive: bool = False
    # Counts only when the article also names the entity another way (a surname: "Baker").
    context_only: bool = False
    # Words next to the name that confirm this sense, or rule it out (`senses.parse_cues`).
    cues_for: str = ""
    cues_against: str = ""
    # The entity's name (not an alias): a person's name gives the words a full mention claims.
    is_name: bool = False


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entity_ids: tuple[int, ...]  # several when entities share the surface form

    @property
    def is_ambiguous(self) -> bool:
        return len(self.entity_ids) > 1


# The automaton's value for one folded key:
# (length, entity ids matched in any case, ((exact form, entity ids), ...)).
_KeyValue = tuple[int, tuple[int, ...], tuple[tuple[str, tuple[int, ...]], ...]]


@dataclass
class Matcher:
    """One automaton over every term, plus what disambiguation needs; build once, use often.

    `values[i]` describes the automaton's pattern i; `keys` finds a value by
    its folded key (for the rare retry inside a refused match). `related`
    maps an entity to the entities its own definition and description name
    (and the other way round); `hub_peers` to the entities it shares a hub's
    key set with; `types` to its type. These three serve only to settle a
    surface form that several entities share.
    """

    automaton: ahocorasick_rs.AhoCorasick | None
    values: list[_KeyValue]
    keys: dict[str, int]
    term_count: int
    related: Mapping[int, frozenset[int]] = field(default_factory=dict)
    hub_peers: Mapping[int, frozenset[int]] = field(default_factory=dict)
    types: Mapping[int, str] = field(default_factory=dict)
    # Context cues by folded key, then entity id: ((confirming...), (ruling out...)).
    cues: Mapping[str, Mapping[int, tuple[tuple[str, ...], tuple[str, ...]]]] = field(
        default_factory=dict
    )
    cue_entities: frozenset[int] = frozenset()
    # People's first names and surnames, from their names ("Jordan", "Bardella"): what a
    # mention of the person in several words claims (`senses`).
    name_parts: Mapping[int, tuple[str, ...]] = field(default_factory=dict)

    # `name_parts`' people as the one-id tuples `spans` yields (for set operations).
    full_name_keys: frozenset[tuple[int, ...]] = frozenset()

    def __post_init__(self) -> None:
        if self.name_parts and not self.full_name_keys:
            self.full_name_keys = frozenset((pk,) for pk in self.name_parts)

    @property
    def key_count(self) -> int:
        return len(self.values)

    def find(self, text: str) -> list[Match]:
        """Every non-overlapping match in `text`, in order."""
        return [Match(s, e, ids) for s, e, ids in self.spans(text)]

    def spans(self, text: str) -> list[tuple[int, int, tuple[int, ...]]]:
        """(start, end, entity ids) of every match; the fast path behind `find`.

        Text with invisible characters inside it (a soft hyphen, a zero-width
        space, a decomposed accent) is matched without them and the offsets
        mapped back, so they still point into `text`.
        """
        if self.automaton is None or not text:
            return []
        unified, where = unify(text)
        if where is None:
            return self._spans(text)
        # An end maps to the next character kept, so that a trailing combining accent
        # ("Cafe" + U+0301) stays inside the match.
        return [(where[s], where[e], ids) for s, e, ids in self._spans(unified)]

    def _spans(self, text: str) -> list[tuple[int, int, tuple[int, ...]]]:
        automaton = self.automaton
        assert automaton is not None
        haystack = " " + fold(text)
        size = len(haystack)
        values = self.values
        found: list[tuple[int, int, tuple[int, ...]]] = []
        append = found.append
        # Offsets: the haystack is the text shifted by one, so a key's leading
        # space at haystack[start] is its first character at text[start].
        find_newline = text.find
        for index, start, end in automaton.find_matches_as_indexes(haystack):
            value = values[index]
            # A name never runs across a line (a heading into its paragraph).
            if find_newline("\n", start, end - 1) >= 0:
                found.extend(self._shorter(haystack, text, start, end))
                continue
            # Fast path: a case-insensitive key followed by a space.
            if value[1] and not value[2] and (end == size or haystack[end] == " "):
                append((start, end - 1, value[1]))
                continue
            accepted = _accept(haystack, text, start, end, value)
            if accepted is not None:
                append((start, accepted[0] - 1, accepted[1]))
            else:
                found.extend(self._shorter(haystack, text, start, end))
        return found

    def _shorter(
        self, haystack: str, text: str, start: int, end: int
    ) -> list[tuple[int, int, tuple[int, ...]]]:
        """Matches inside a span whose longest key was refused ("New" in "New Yorker").

        Tries every run of whole words inside the span, leftmost then longest.
        """
        starts = [i for i in range(start, end) if haystack[i] == " " and haystack[i + 1] != " "]
        ends = [i for i in range(start + 1, end) if haystack[i] == " "] + [end]
        chosen: list[tuple[int, int, tuple[int, ...]]] = []
        taken = -1
        for s in starts:
            if s < taken:
                continue
            for e in reversed(ends):
                if e <= s + 1 or (s, e) == (start, end):
                    continue
                index = self.keys.get(haystack[s + 1 : e])
                if index is None or text.find("\n", s, e - 1) >= 0:
                    continue
                accepted = _accept(haystack, text, s, e, self.values[index])
                if accepted is not None:
                    chosen.append((s, accepted[0] - 1, accepted[1]))
                    taken = accepted[0]
                    break
        return chosen


def _accept(
    haystack: str, text: str, start: int, end: int, value: _KeyValue
) -> tuple[int, tuple[int, ...]] | None:
    """(end, entity ids) if the key found at haystack[start:end] is a real match, else None.

    `start` points at the key's leading space in the haystack, which is the
    key's first character in `text` (the haystack is the text shifted by one).
    """
    size = len(haystack)
    stop = end
    if end < size:
        char = haystack[end]
        if char != " ":
            plural = char == "s" and (end + 1 == size or haystack[end + 1] == " ")
            if plural:
                stop = end + 1
            elif char.isalnum():
                return None
    ids = value[1]
    exact = value[2]
    if exact:
        surface = fold(text[start : end - 1], keep_case=True)
        # An exact-case alias takes a plural only if it is an acronym, and only in
        # lower case: "NGOs", but not "USS" for "US" nor "Gas" for "Ga".
        exact_ok = stop == end or (text[end - 1] == "s" and surface.isupper())
        extra = tuple(i for form, eids in exact if form == surface and exact_ok for i in eids)
        if extra:
            ids = tuple(sorted(set(ids + extra))) if ids else extra
    if not ids:
        return None
    return stop, ids


def build_matcher(
    terms: Iterable[Term],
    *,
    related: Mapping[int, frozenset[int]] | None = None,
    hub_peers: Mapping[int, frozenset[int]] | None = None,
    types: Mapping[int, str] | None = None,
) -> Matcher:
    """One automaton entry per distinct folded surface form, listing every entity it names."""
    # Context-only terms are stored under the negated entity id; `link_document`
    # counts them only for entities the article names another way.
    terms = list(terms)
    rows = [
        (
            -t.entity_id if t.context_only else t.entity_id,
            " ".join(unify(t.text)[0].split()),
            t.case_sensitive,
        )
        for t in terms
    ]
    # Folding is length-preserving, so all terms are folded in one call and sliced.
    joined = "\n".join(text for _, text, _ in rows)
    folded = fold(joined)
    kept = fold(joined, keep_case=True) if any(row[2] for row in rows) else ""
    loose: dict[str, set[int]] = {}
    exact: dict[str, dict[str, set[int]]] = {}
    count = 0
    position = 0
    for entity_id, text, case_sensitive in rows:
        stop = position + len(text)
        key = folded[position:stop].strip()
        if key:
            count += 1
            if case_sensitive:
                form = kept[position:stop].strip()
                exact.setdefault(key, {}).setdefault(form, set()).add(entity_id)
            else:
                loose.setdefault(key, set()).add(entity_id)
        position = stop + 1
    keys = sorted(loose.keys() | exact.keys())
    values: list[_KeyValue] = []
    for key in keys:
        forms = exact.get(key)
        exact_forms = (
            tuple((form, _ids(ids)) for form, ids in sorted(forms.items())) if forms else ()
        )
        values.append((len(key) + 1, _ids(loose.get(key, ())), exact_forms))
    automaton = None
    if keys:
        automaton = ahocorasick_rs.AhoCorasick(
            [" " + key for key in keys],
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.ContiguousNFA,
        )
    cues: dict[str, dict[int, tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for term in terms:
        if term.cues_for.strip() or term.cues_against.strip():
            key = " ".join(fold(unify(term.text)[0]).split())
            cues.setdefault(key, {})[term.entity_id] = (
                parse_cues(term.cues_for),
                parse_cues(term.cues_against),
            )
    return Matcher(
        name_parts=_name_parts([t for t in terms if types and types.get(t.entity_id) == "person"]),
        automaton=automaton,
        values=values,
        keys={key: i for i, key in enumerate(keys)},
        term_count=count,
        related=related or {},
        hub_peers=hub_peers or {},
        types=types or {},
        cues=cues,
        # Both signs: context-only terms carry the negated id (see `build_matcher` above).
        cue_entities=frozenset(
            sign * pk for by_entity in cues.values() for pk in by_entity for sign in (1, -1)
        ),
    )


_NAME_PUNCTUATION = ".,;:!?\"'’‘“”()[]"


def _name_parts(terms: list[Term]) -> dict[int, tuple[str, ...]]:
    """The first and last word of each multi-word name (the entity's name, else its first
    multi-word term), as written and folded: "Erdoğan" and "Erdogan"."""
    chosen: dict[int, tuple[bool, str]] = {}
    for term in terms:
        if term.context_only or (term.entity_id in chosen and not term.is_name):
            continue
        words = term.text.split()
        if len(words) < 2 or (term.entity_id in chosen and chosen[term.entity_id][0]):
            continue
        chosen[term.entity_id] = (term.is_name, term.text)
    parts: dict[int, tuple[str, ...]] = {}
    for entity_id, (_, text) in chosen.items():
        words = [word.strip(_NAME_PUNCTUATION) for word in text.split()]
        found = {words[0], words[-1]}
        found |= {fold(word, keep_case=True) for word in found if not word.isascii()}
        # Initials ("J.") and particles ("de", "van") claim nothing.
        kept = sorted(w for w in found if len(w) > 1 and w[0].isupper() and w.isalnum())
        if kept:
            parts[entity_id] = tuple(kept)
    return parts


def parse_cues(text: str) -> tuple[str, ...]:
    """Cues as editors write them ("state of _, _ River, heiress"), folded.

    Separated by commas or new lines. "_" stands for the name: "state of _"
    must come just before it, "_ River" just after; a cue without "_" may be
    anywhere within a few words on either side.
    """
    cues: list[str] = []
    for raw in text.replace("\n", ",").split(","):
        # "_'s president" is "_", then "s president" (the apostrophe folds to a space).
        parts = [" ".join(fold(part).split()) for part in raw.split("_")]
        cue = " _ ".join(parts).strip() if len(parts) > 1 else parts[0]
        cue = " ".join(cue.split())
        if cue and cue != "_":
            cues.append(cue)
    return tuple(dict.fromkeys(cues))


def _ids(ids: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(ids))


def looks_like_acronym(text: str) -> bool:
    """Short all-capital names ("EU", "WHO", "PESCO") are matched case-sensitively by default."""
    letters = [c for c in text if c.isalpha()]
    return 0 < len(letters) <= 6 and all(c.isupper() for c in letters) and " " not in text.strip()

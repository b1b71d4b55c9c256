"""Finding entity names and aliases in text. Pure functions on plain data: no ORM.

How it works, and why it is fast:

- The text is folded with one `str.translate` table that keeps its length:
  lower case, diacritics removed ("Türkiye" = "Turkiye"), and every
  character that is not a letter or a digit becomes a space (apostrophes,
  quotes, dashes, brackets, full stops). Position i in the folded text is
  position i in the original, so a match maps straight back.
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
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick_rs

# Characters the fold table covers (Latin, Greek, Cyrillic, punctuation, ideographic space).
_FOLD_RANGES = ((0x0000, 0x0530), (0x1E00, 0x1F00), (0x2000, 0x2070), (0x3000, 0x3001))
# Letters that NFKD does not decompose but readers treat as the plain letter.
_EXTRA_BASES = {"ı": "i", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h"}


def _fold_char(char: str, keep_case: bool) -> str:
    base = _EXTRA_BASES.get(char)
    if base is None:
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        if len(base) != 1:
            base = char
    if not base.isalnum():
        return " "
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
            if code < 256 and ord(folded) > 255:
                folded = char  # stay within Latin-1, as the bytes fast path must ("µ")
            if folded != char:
                table[code] = folded
    return table


FOLD = _fold_table(False)
FOLD_KEEP_CASE = _fold_table(True)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Punctuation above U+00FF that news text is full of; all of it folds to a space.
_WIDE_PUNCTUATION = "\u2019\u2018\u201c\u201d\u2013\u2014\u2026\u2032\u02bc"


def _byte_table(table: dict[int, str]) -> bytes:
    """The fold table for Latin-1 text, as a `bytes.translate` table."""
    out = bytearray(range(256))
    for code in range(256):
        folded = table.get(code, chr(code))
        out[code] = ord(folded) if ord(folded) < 256 else code
    return bytes(out)


def _non_ascii_folder(table: dict[int, str]):  # type: ignore[no-untyped-def]
    chars = {chr(code): folded for code, folded in table.items() if code > 0x7F}

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        return chars.get(char, char)

    return replace


_BYTES = _byte_table(FOLD)
_BYTES_KEEP_CASE = _byte_table(FOLD_KEEP_CASE)
_FOLD_NON_ASCII = _non_ascii_folder(FOLD)
_FOLD_NON_ASCII_KEEP_CASE = _non_ascii_folder(FOLD_KEEP_CASE)


def fold(text: str, *, keep_case: bool = False) -> str:
    """Fold case (unless `keep_case`), diacritics and punctuation (to spaces).

    The result has exactly the length of `text`: position i in the folded
    text is position i in the original.

    Speed matters here (every character of every article passes through):
    Latin-1 text goes through `bytes.translate` (a 256-byte table, about
    1 GB/s), after the usual typographic quotes and dashes are replaced;
    anything else through `str.translate`, whose dictionary lookups are 50
    times slower, with its non-ASCII characters folded first by a regex.
    """
    if not text.isascii():
        for char in _WIDE_PUNCTUATION:
            if char in text:
                text = text.replace(char, " ")
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        text = _NON_ASCII.sub(_FOLD_NON_ASCII_KEEP_CASE if keep_case else _FOLD_NON_ASCII, text)
        return text.translate(FOLD_KEEP_CASE if keep_case else FOLD)
    return raw.translate(_BYTES_KEEP_CASE if keep_case else _BYTES).decode("latin-1")


def fold_pattern(text: str, *, keep_case: bool = False) -> str:
    """A name or alias as the automaton stores it (without the leading space)."""
    return fold(" ".join(text.split()), keep_case=keep_case).strip()


@dataclass(frozen=True)
class Term:
    """A name or alias of one entity."""

    entity_id: int
    text: str
    case_sensitive: bool = False
    # Counts only when the article also names the entity another way (a surname: "Baker").
    context_only: bool = False


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

    @property
    def key_count(self) -> int:
        return len(self.values)

    def find(self, text: str) -> list[Match]:
        """Every non-overlapping match in `text`, in order."""
        return [Match(s, e, ids) for s, e, ids in self.spans(text)]

    def spans(self, text: str) -> list[tuple[int, int, tuple[int, ...]]]:
        """(start, end, entity ids) of every match; the fast path behind `find`."""
        automaton = self.automaton
        if automaton is None or not text:
            return []
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
    rows = [
        (
            -t.entity_id if t.context_only else t.entity_id,
            " ".join(t.text.split()),
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
    return Matcher(
        automaton=automaton,
        values=values,
        keys={key: i for i, key in enumerate(keys)},
        term_count=count,
        related=related or {},
        hub_peers=hub_peers or {},
        types=types or {},
    )


def _ids(ids: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(ids))


def looks_like_acronym(text: str) -> bool:
    """Short all-capital names ("EU", "WHO", "PESCO") are matched case-sensitively by default."""
    letters = [c for c in text if c.isalpha()]
    return 0 < len(letters) <= 6 and all(c.isupper() for c in letters) and " " not in text.strip()


# --- From matches to per-entity statistics -----------------------------------

# An entity is "about" (salient) from this salience up; below, a passing mention.
ABOUT_THRESHOLD = 0.25


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

    @property
    def is_about(self) -> bool:
        return self.salience >= ABOUT_THRESHOLD


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


def compose_document(title: str, body_text: str) -> tuple[str, int, int]:
    """The text to match: title, then body. Returns (text, title_end, lead_end)."""
    body = mask_urls(body_text)
    text = f"{title}\n{body}"
    title_end = len(title)
    lead_end = title_end + 1 + _lead_length(body)
    return text, title_end, lead_end


def _lead_length(body: str) -> int:
    """The lead is the first paragraph, but at least 200 and at most 400 characters."""
    first_break = body.find("\n", 200)
    return min(first_break if first_break >= 0 else len(body), 400)


def link_document(matcher: Matcher, *, title: str, body_text: str) -> LinkResult:
    """Entities mentioned in an article, with counts, positions and salience.

    A surface form shared by several entities ("Georgia") is given to one of
    them only when the rest of the article says which (see `_settle`);
    otherwise it is left out and reported in `decisions` with no choice.
    """
    text, title_end, lead_end = compose_document(title, body_text)
    # Where each entity is named, in order: (start, end) pairs.
    where: dict[int, list[tuple[int, int]]] = {}
    shared: dict[tuple[int, ...], list[tuple[int, int]]] = {}
    weak: list[tuple[tuple[int, ...], int, int]] = []
    for start, end, ids in matcher.spans(text):
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
    length = len(text) or 1
    mentions = result.mentions
    for entity_id, spans in where.items():
        first = spans[0][0]
        count = len(spans)
        in_title = first < title_end
        in_lead = first < lead_end
        score = salience(count, first, in_title=in_title, in_lead=in_lead, text_length=length)
        surface = ""
        for start, end in spans:
            if start >= title_end:
                surface = text[start:end]
                break
        stats = MentionStats(count, first, in_title, in_lead, score, surface)
        if entity_id in notes:
            stats.disambiguation = _explain(notes[entity_id])
        mentions[entity_id] = stats
    return result


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


def salience(
    count: int, first_position: int, *, in_title: bool, in_lead: bool, text_length: int
) -> float:
    """How much the article is about the entity, from 0 to 1.

    The title weighs most, then the lead; repetition adds with diminishing
    returns (the first mention adds nothing); an early first mention adds a
    little. One passing mention deep in the body stays near 0. The linker
    calls this for every entity it finds.
    """
    score = 0.4 if in_title else 0.0
    if in_lead:
        score += 0.25
    if count > 1:
        score += 0.3 * min(count - 1, 4) / 4
    if text_length:
        score += 0.05 * (1 - min(first_position / text_length, 1))
    return round(min(score, 1.0), 4)

"""Reading each matched name in its sense, occurrence by occurrence. Pure, no ORM.

`read_senses` takes an article as `mentions.compose_document` lays it out
(title, a line break, body), finds the matcher's spans, and revises the
entity ids of each occurrence with what is written around it, before
`mentions.link_document` counts them:

1. **Context cues.** An alias may carry words that confirm its sense when
   they stand next to it ("state of _" for Georgia the US state) and words
   that rule it out ("_ River" for Jordan the country). A cue that rules an
   entity out removes it from that occurrence, even when the alias is the
   entity's alone; a confirming cue settles a shared name for that
   occurrence only, so one article can use a name in two senses.
2. **Full names claim their parts.** Once an article names a person in full
   ("Jordan Peterson"), the first name and the surname on their own are that
   person everywhere in the article: "Jordan" no longer links the country,
   and "Peterson" counts even when it is no alias of anyone. A confirming cue
   for another sense still wins over the claim.
3. **Headlines in capitals or in Title Case.** Case tells nothing there, so
   a case-sensitive alias ("WHO", "Patriot", "Turkey") found in such a
   headline counts only when the body names the same entity too.

Every rule that decided leaves a short sentence for the entity ("“Jordan”:
the person, named in full (“Jordan Peterson”) in paragraph 2"), stored with
the mention and shown to editors.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from itertools import chain
from operator import itemgetter

from dossiers.knowledge.folding import fold
from dossiers.knowledge.matching import Matcher

Span = tuple[int, int, tuple[int, ...]]

# Words on either side of a name that a cue without "_" may be among.
CUE_WINDOW = 4
_LOWER_WORD = re.compile(r"(?<!\S)[a-z][^\W\d_]{3}")
_LONG_WORD = re.compile(r"(?<!\S)[^\W\d_]{4,}")
# A headline needs this many letters before it can be called all capitals.
_CAPS_MIN_LETTERS = 8


def headline_style(title: str) -> str:
    """ "capitals", "title case" or "" (a headline whose case means something)."""
    if title.isupper():  # no lower-case letter, at least one upper-case one
        if sum(char.isalpha() for char in title) >= _CAPS_MIN_LETTERS:
            return "capitals"
        return ""
    # Short function words stay lower case in Title Case ("of", "the", "and"); one
    # longer word in lower case and the headline is in sentence case (most are).
    if _LOWER_WORD.search(title):
        return ""
    count = 0
    for word in _LONG_WORD.findall(title):
        if not word[0].isupper():
            return ""  # "élan"
        count += 1
    return "title case" if count >= 3 else ""


def read_senses(matcher: Matcher, text: str, title_end: int) -> tuple[list[Span], dict[int, str]]:
    """The matcher's spans over `text` with each occurrence read in its sense, and why.

    Returns (spans, explanations by entity id). Context-only ids (negative)
    are left for `mentions` to settle.

    Every article passes through here, and few need a rule: whether any does
    is decided with set operations over the distinct id tuples (in C), and
    only the occurrences a rule concerns are visited in Python.
    """
    spans = matcher.spans(text)
    if not spans:
        return spans, {}
    style = headline_style(text[:title_end]) if title_end else ""
    people = matcher.full_name_keys.intersection(map(_IDS, spans)) if matcher.name_parts else ()
    cued = (
        matcher.cue_entities.intersection(chain.from_iterable(map(_IDS, spans)))
        if matcher.cue_entities
        else ()
    )
    if not (people or cued or style):
        return spans, {}
    reader = _Reader(matcher, text, title_end)
    if cued:
        spans = reader.apply_cues(spans, frozenset(cued))
    if people:
        claims = reader.full_names(spans, frozenset(people))
        if claims:
            spans = reader.apply_claims(spans, claims)
    if style:
        spans = reader.headline(spans, style)
    return spans, reader.notes


_START = itemgetter(0)
_IDS = itemgetter(2)


class _Reader:
    """The state of reading one article: its text, the matcher, the explanations so far."""

    def __init__(self, matcher: Matcher, text: str, title_end: int) -> None:
        self.matcher = matcher
        self.text = text
        self.title_end = title_end
        self.notes: dict[int, str] = {}
        self.full: dict[int, str] = {}
        # Occurrences a cue ruled out: no claim may take them back ("Jordan River").
        self.ruled_out: list[tuple[int, int]] = []
        # Occurrences a cue confirmed: no claim may take them either.
        self.confirmed: set[int] = set()

    # --- where and what -------------------------------------------------------------

    def where(self, position: int) -> str:
        if position < self.title_end:
            return "the title"
        return f"paragraph {self.text.count(chr(10), self.title_end + 1, position) + 1}"

    def sense(self, entity_id: int) -> str:
        kind = self.matcher.types.get(entity_id, "") or "entity"
        return {"treaty": "treaty or law", "other": "entity"}.get(kind, kind)

    def note(self, entity_id: int, text: str) -> None:
        self.notes.setdefault(entity_id, text)

    def key(self, start: int, end: int) -> str:
        return " ".join(fold(self.text[start:end]).split())

    # --- cues -----------------------------------------------------------------------

    def apply_cues(self, spans: list[Span], cued: frozenset[int]) -> list[Span]:
        hits = [i for i, ids in enumerate(map(_IDS, spans)) if not cued.isdisjoint(ids)]
        if not hits:
            return spans
        spans = list(spans)
        for i in hits:  # in order: the first occurrence a cue decides is the one quoted
            start, end, ids = spans[i]
            ids, confirmed = self.cues(start, end, ids)
            if not ids:
                self.ruled_out.append((start, end))
            elif confirmed:
                self.confirmed.add(start)
            spans[i] = (start, end, ids)
        if self.ruled_out:
            spans = [span for span in spans if span[2]]
        return spans

    def cues(self, start: int, end: int, ids: tuple[int, ...]) -> tuple[tuple[int, ...], bool]:
        """(ids left, whether a cue confirmed one) for the occurrence at start:end."""
        by_entity = self._cues_for(start, end)
        if not by_entity:
            return ids, False
        # Most occurrences have none of the cue words near them: a plain substring test
        # on the lower-cased neighbourhood rules that out before anything is folded.
        near = self.text[max(0, start - 80) : end + 80].lower()
        words = {
            word for pair in by_entity.values() for cue in pair[0] + pair[1] for word in cue.split()
        }
        words.discard("_")
        if all(word.isascii() and word not in near for word in words):
            return ids, False
        before, after = self._context(start, end)
        kept: list[int] = []
        confirmed: list[tuple[int, str]] = []
        for pk in ids:
            cues = by_entity.get(abs(pk))
            if cues is None:
                kept.append(pk)
                continue
            for_cues, against_cues = cues
            if any(_cue_found(cue, before, after) for cue in against_cues):
                continue
            kept.append(pk)
            for cue in for_cues:
                if _cue_found(cue, before, after):
                    confirmed.append((abs(pk), cue))
                    break
        if confirmed:
            chosen = tuple(sorted({pk for pk, _ in confirmed}))
            if len(chosen) == 1:
                pk, cue = confirmed[0]
                surface = self.text[start:end]
                self.note(
                    pk,
                    f"“{surface}”: the {self.sense(pk)}, by the cue “{cue.replace('_', '…')}” "
                    f"in {self.where(start)}",
                )
            return chosen, True
        return tuple(kept), False

    def _cues_for(
        self, start: int, end: int
    ) -> Mapping[int, tuple[tuple[str, ...], tuple[str, ...]]]:
        cues = self.matcher.cues
        key = self.text[start:end].lower()  # the folded key, for a plain name
        found = cues.get(key)
        if found is None:
            key = self.key(start, end)
            found = cues.get(key)
        if found is None and key.endswith("s"):
            found = cues.get(key[:-1])
        return found or {}

    def _context(self, start: int, end: int) -> tuple[list[str], list[str]]:
        """The folded words just before and just after an occurrence, on its own line."""
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        if line_end < 0:
            line_end = len(text)
        before = fold(text[max(line_start, start - 80) : start]).split()[-CUE_WINDOW:]
        after = fold(text[end : min(line_end, end + 80)]).split()[:CUE_WINDOW]
        if after and after[0] == "s" and text[end : end + 1] in "'’":
            after = after[1:]  # the possessive: "Jordan's river" reads "Jordan … river"
        return before, after

    # --- full names -----------------------------------------------------------------

    def full_names(
        self, spans: list[Span], people: frozenset[tuple[int, ...]]
    ) -> dict[str, tuple[int, ...]]:
        """First names and surnames of the people the article names in full (or in more
        than one word: "President Erdoğan"), each with the people who claim it."""
        parts = self.matcher.name_parts
        text = self.text
        claims: dict[str, set[int]] = {}
        for start, end, ids in [span for span in spans if span[2] in people]:
            if " " not in text[start:end]:
                continue
            for word in parts[ids[0]]:
                claims.setdefault(word, set()).add(ids[0])
            if ids[0] not in self.full:
                self.full[ids[0]] = f"in {self.where(start)} (“{text[start:end]}”)"
        return {word: tuple(sorted(pks)) for word, pks in claims.items()}

    def apply_claims(self, spans: list[Span], claims: dict[str, tuple[int, ...]]) -> list[Span]:
        """Every whole-word occurrence of a claimed word becomes the person's: an occurrence
        matched as something else ("Jordan" the country) and one no alias matched
        ("Bardella" without context). Not inside a longer name, not where a cue decided."""
        text = self.text
        size = len(text)
        spans = list(spans)
        starts = list(map(_START, spans))
        added: list[Span] = []
        ruled_out = self.ruled_out
        # The occurrence each person's explanation quotes: one taken from another
        # entity first ("Jordan" the country), else the earliest.
        quoted: dict[int, tuple[int, int, int]] = {}
        for word, owners in claims.items():
            length = len(word)
            found = text.find(word)
            while found >= 0:
                start, end = found, found + length
                found = text.find(word, end)
                # A whole word: no letter or digit on either side.
                if (start and text[start - 1].isalnum()) or (end < size and text[end].isalnum()):
                    continue
                i = bisect_right(starts, start) - 1
                if i >= 0 and spans[i][0] == start and spans[i][1] == end:
                    ids = spans[i][2]
                    if start in self.confirmed or set(ids) <= set(owners):
                        continue
                    spans[i] = (start, end, owners)
                    rank = 0
                elif (i >= 0 and spans[i][1] > start) or (
                    i + 1 < len(spans) and spans[i + 1][0] < end
                ):
                    continue  # inside a longer name, or the full name itself
                elif any(s < end and start < e for s, e in ruled_out):
                    continue
                else:
                    added.append((start, end, owners))
                    rank = 1
                if len(owners) == 1:
                    choice = (rank, start, end)
                    quoted[owners[0]] = min(quoted.get(owners[0], choice), choice)
        for person, (_, start, end) in quoted.items():
            surface = text[start:end]
            self.note(person, f"“{surface}”: the person, named in full {self.full[person]}")
        if added:
            spans = sorted(spans + added)
        return spans

    # --- headlines ------------------------------------------------------------------

    def headline(self, spans: list[Span], style: str) -> list[Span]:
        """Drop case-sensitive readings found only in a capitals or Title Case headline."""
        title_end = self.title_end
        first_body = bisect_right([span[0] for span in spans], title_end)
        if not first_body:
            return spans
        in_body = set(chain.from_iterable(map(_IDS, spans[first_body:])))
        title: list[Span] = []
        for start, end, ids in spans[:first_body]:
            exact = self._exact_only(start, end, ids)
            if exact:
                dropped = exact - in_body
                for pk in exact & in_body:
                    self.note(
                        pk,
                        f"“{self.text[start:end]}” in a headline in {style}: read as the "
                        f"{self.sense(pk)} because the body names it too",
                    )
                ids = tuple(pk for pk in ids if pk not in dropped)
                if not ids:
                    continue
            title.append((start, end, ids))
        return title + spans[first_body:]

    def _exact_only(self, start: int, end: int, ids: tuple[int, ...]) -> set[int]:
        """The ids of this occurrence that only a case-sensitive alias gave."""
        keys = self.matcher.keys
        key = self.key(start, end)
        index = keys.get(key)
        if index is None and key.endswith("s"):
            index = keys.get(key[:-1])
        if index is None:
            return set()  # a claimed word: no alias behind it
        loose = self.matcher.values[index][1]
        return {pk for pk in ids if pk not in loose}


def _cue_found(cue: str, before: list[str], after: list[str]) -> bool:
    """Whether a folded cue stands where it says: "state of _", "_ river", or near ("heiress")."""
    words = cue.split()
    if "_" in words:
        mark = words.index("_")
        pre, post = words[:mark], words[mark + 1 :]
        return (not pre or before[-len(pre) :] == pre) and (not post or after[: len(post)] == post)
    size = len(words)
    for side in (before, after):
        for i in range(len(side) - size + 1):
            if side[i : i + size] == words:
                return True
    return False

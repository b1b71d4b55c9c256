"""Entities a query names, found with the knowledge base's own matcher.

`named_spans` is pure: it looks the query's words up among the matcher's
keys (names and aliases folded by `knowledge.folding.fold`: case,
diacritics and punctuation), longest run of words first, allowing a plural
"s" on the last word, as the linker does in articles. Readers type in lower
case, so a case-sensitive name ("NATO", "Turkey") is accepted in any case,
unless its words are a common English word ("us", "who", "it"), which must
then be typed exactly ("US", "WHO"). Context-only aliases (surnames) never
count: a query has no context.

`other_names` picks the names a phrase search may safely look for: the
entity's name and aliases, except context-only ones and case-sensitive ones
that are common words (searching "us" for the United States would find
every article). Articles that name an entity only in such a form are still
found when the query is just the entity: the selector adds the articles the
knowledge base says are about it (`Mention.is_about`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dossiers.knowledge.folding import fold
from dossiers.knowledge.matching import Matcher
from dossiers.search.query import STOP_WORDS, name_words

MAX_NAME_WORDS = 8
MAX_OTHER_NAMES = 10


@dataclass(frozen=True)
class NamedSpan:
    start: int  # first word
    end: int  # after the last word
    entity_ids: tuple[int, ...]  # several when the words are a name entities share


@dataclass(frozen=True)
class Name:
    text: str
    case_sensitive: bool = False
    context_only: bool = False


_key_cache: dict[int, tuple[Matcher, dict[str, int]]] = {}


def _keys(matcher: Matcher) -> dict[str, int]:
    """The matcher's keys with runs of spaces collapsed (names with punctuation fold to
    several spaces), to compare with words joined by one space. Kept per matcher."""
    cached = _key_cache.get(id(matcher))
    if cached is None or cached[0] is not matcher:
        if len(_key_cache) > 2:
            _key_cache.clear()
        cached = (matcher, {" ".join(key.split()): index for key, index in matcher.keys.items()})
        _key_cache[id(matcher)] = cached
    return cached[1]


def _ids_for(matcher: Matcher, folded: list[str], kept: list[str]) -> tuple[int, ...]:
    keys = _keys(matcher)
    candidates = [" ".join(folded)]
    last = folded[-1]
    if len(last) > 3 and last.endswith("s"):
        candidates.append(" ".join([*folded[:-1], last[:-1]]))
    for key in candidates:
        index = keys.get(key)
        if index is None:
            continue
        _, loose_ids, exact = matcher.values[index]
        ids = {i for i in loose_ids if i > 0}
        typed = " ".join(kept)
        for form, form_ids in exact:
            if " ".join(form.split()) == typed or key not in STOP_WORDS:
                ids.update(i for i in form_ids if i > 0)
        if ids:
            return tuple(sorted(ids))
    return ()


def named_spans(matcher: Matcher, words: Sequence[str]) -> list[NamedSpan]:
    """Runs of the query's words (as typed) that are an entity's name or alias, leftmost
    and longest first, not overlapping."""
    if matcher.automaton is None or not words:
        return []
    folded = [" ".join(fold(word).split()) for word in words]
    kept = [" ".join(fold(word, keep_case=True).split()) for word in words]
    spans: list[NamedSpan] = []
    start = 0
    while start < len(words):
        for length in range(min(MAX_NAME_WORDS, len(words) - start), 0, -1):
            ids = _ids_for(matcher, folded[start : start + length], kept[start : start + length])
            if ids:
                spans.append(NamedSpan(start, start + length, ids))
                start += length
                break
        else:
            start += 1
    return spans


def searchable_name(name: Name) -> tuple[str, ...]:
    """The words to look for as a phrase, or () when the name is unsafe to search for."""
    if name.context_only:
        return ()
    words = name_words(name.text)
    if name.case_sensitive and " ".join(words) in STOP_WORDS:
        return ()
    return words


def other_names(names: Sequence[Name]) -> list[tuple[str, ...]]:
    """Distinct phrases to search for an entity by (see module docstring)."""
    found: list[tuple[str, ...]] = []
    for name in names:
        words = searchable_name(name)
        if words and words not in found:
            found.append(words)
        if len(found) >= MAX_OTHER_NAMES:
            break
    return found

"""Salience: how much an article is about an entity, from evidence that scales with its length.

Pure functions on strings and numbers (no ORM). The same evidence has to
mean the same in a 150-word brief and a 3,000-word essay, so nothing here
counts characters from the start of the text:

- the **title** (or headline) names the entity;
- the entity is the **subject of the lead**: the body's first sentence opens
  with it, or the clause after an opening phrase does ("After the vote,
  Sweden said …"); a cheap reading of "before the main verb", no model;
- the **lead** names it: the first sentence, extended by whole sentences of
  the first paragraph up to a share of the body (`lead_share`) and a cap
  (`lead_max`), so a brief's lead is its first sentence, not its whole text;
- its **share of mentions**: of every entity mention in the article, how many
  are this one (for a name repeated, or in the title or the lead);
- how **early** the body first names it, relative to the body's length;
- **hub context** (in `mentions._judge`): a key entity of the same hub as an
  entity the article is plainly about (title or subject) gains `context`.

The weights were calibrated on the domain set (`dossiers eval domain`); the
threshold and the lead rule are settings (`DOSSIERS_SALIENCE_*`).
"""

from __future__ import annotations

from dataclasses import dataclass

# An entity is "about" (salient) from this salience up; below, a passing mention.
ABOUT_THRESHOLD = 0.25


@dataclass(frozen=True, slots=True)
class SaliencePolicy:
    """The site's reading of salience: the threshold and the lead rule (settings)."""

    about: float = ABOUT_THRESHOLD  # DOSSIERS_SALIENCE_ABOUT
    lead_share: float = 0.15  # DOSSIERS_SALIENCE_LEAD_SHARE: of the body's length
    lead_max: int = 400  # DOSSIERS_SALIENCE_LEAD_MAX: characters
    context: float = 0.05  # DOSSIERS_SALIENCE_CONTEXT: added by hub context


DEFAULT_POLICY = SaliencePolicy()

# What each piece of evidence adds (calibrated on the domain set; see the module docstring).
W_TITLE = 0.45
W_SUBJECT = 0.3
W_LEAD = 0.05
W_SHARE = 0.3
SHARE_FULL = 0.75  # a share of mentions from which W_SHARE is given in full
W_EARLY = 0.05

# Words that may stand before the subject in its clause: "The", "Both", a number.
_DETERMINERS = frozenset(
    "the a an its their this that these those both all two three four five several "
    "many most some and or but".split()
)
# Capitalised words that open an adverbial phrase, not a name: "After Sweden joined …".
_OPENERS = frozenset(
    "after before as since unlike under with without ahead against between about over "
    "through into during while when if although because despite near for from in on at "
    "by of to once until like following".split()
)


def lead_bounds(text: str, body_start: int, policy: SaliencePolicy) -> tuple[int, int]:
    """(end of the body's first sentence, end of the lead), as positions in `text`.

    The lead is the first sentence, then whole sentences of the first
    paragraph while it stays within `lead_share` of the body and `lead_max`
    characters; the first sentence always counts (cut at `lead_max`). A few
    `find`s per article: this runs for every article of a re-link.
    """
    length = len(text)
    paragraph_end = text.find("\n", body_start)
    if paragraph_end < 0:
        paragraph_end = length
    cap = min(paragraph_end, body_start + policy.lead_max)
    first = _sentence_end(text, body_start, cap)
    limit = min(cap, body_start + int(policy.lead_share * (length - body_start)))
    if limit <= first:
        return first, first
    if limit == paragraph_end:
        return first, limit
    # The last sentence end at or before the limit.
    lead_end = first
    for mark in (". ", "? ", "! "):
        position = text.rfind(mark, first, limit + 1)
        while position > first and mark == ". " and _is_initial(text, position, first):
            position = text.rfind(mark, first, position)
        if position + 1 > lead_end:
            lead_end = position + 1
    return first, lead_end


def _sentence_end(text: str, start: int, stop: int) -> int:
    """Where the sentence that starts at `start` ends (at `stop` at the latest)."""
    end = stop
    for mark in (". ", "? ", "! "):
        position = text.find(mark, start, end)
        while position > start and mark == ". " and _is_initial(text, position, start):
            position = text.find(mark, position + 2, end)
        if 0 <= position < end:
            end = position + 1
    return end


def _is_initial(text: str, position: int, start: int) -> bool:
    """Whether the full stop at `position` ends an initial ("U.S. officials", "J. Smith")."""
    if not text[position - 1].isupper():
        return False
    before = text[position - 2] if position - 2 >= start else " "
    return before == "." or before.isspace()


def opens_clause(text: str, sentence_start: int, position: int) -> bool:
    """Whether the name at `position` is the subject of its sentence's first clause.

    Cheap: the words before it in its clause (after the last comma) are only
    determiners, conjunctions or capitalised words of a title ("President"),
    not an opening phrase ("After", "Under new rules").
    """
    comma = text.rfind(",", sentence_start, position)
    start = comma + 1 if comma >= 0 else sentence_start
    words = text[start:position].split()
    if len(words) > 3:
        return False
    for word in words:
        lowered = word.lower()
        if lowered in _DETERMINERS:
            continue
        if word[:1].isupper() and lowered not in _OPENERS:
            continue
        return False
    return True


def salience(
    count: int, position: float, *, in_title: bool, in_lead: bool, subject: bool, share: float
) -> float:
    """How much the article is about the entity, from 0 to 1 (before hub context).

    `position` is where the body first names it, from 0 (its first word) to
    1 (its end, or never); `share` is its part of all entity mentions. A
    share means something only for a name repeated, or in the title or the
    lead: one mention deep in an essay that names nothing else is a passing
    one, whatever its share.
    """
    score = W_TITLE if in_title else 0.0
    if subject:
        score += W_SUBJECT
    elif in_lead:
        score += W_LEAD
    if count > 1 or in_title or in_lead:
        score += W_SHARE * min(share / SHARE_FULL, 1.0)
    score += W_EARLY * (1.0 - min(position, 1.0))
    return round(min(score, 1.0), 4)

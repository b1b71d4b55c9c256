"""Reading Reuters-21578's SGML: stories with their gold PLACES, ORGS and PEOPLE labels.

SGML, not XML: read with regular expressions, latin-1, control characters
blanked. The corpus README (Lewis, 1997) says how: `TOPICS="BYPASS"`
stories were never indexed and are not tested on; `TEXT TYPE="BRIEF"`
stories are a title only; `TEXT TYPE="UNPROC"` stories are raw wire copy
with no TITLE, DATELINE or BODY marked.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FAMILIES = ("places", "orgs", "people")


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    dateline: str
    body: str
    gold: dict[str, frozenset[str]]


_STORY = re.compile(r"<REUTERS\b(.*?)>(.*?)</REUTERS>", re.DOTALL)
_NEWID = re.compile(r'NEWID="(\d+)"')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Reuters marks a listed company's stock symbol in angle brackets ("Unilever <UN.A>",
# "AID <AIDC>"): a code, not words, so it is blanked ("<UN>" is not the United Nations).
# Unlisted companies' names are bracketed too ("<Bangkok Bank Ltd>"); they stay.
_TICKER = re.compile(r"<[A-Z][A-Z0-9.]{0,7}>")
_UNPROC = re.compile(r'<TEXT TYPE="UNPROC">(.*?)</TEXT>', re.DOTALL)
# "WASHINGTON, Feb 27 -": a place in capitals, a month and a day, a dash.
_RAW_DATELINE = re.compile(
    r"\b([A-Z][A-Z .'-]+(?:, [A-Z][A-Za-z.]+)*, (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"[a-z]*\.?\s+\d{1,2})(?:\s*-|[ \t]*$)",
    re.MULTILINE,
)


def _field(block: str, name: str) -> str:
    match = re.search(rf"<{name}>(.*?)</{name}>", block, re.DOTALL)
    return match.group(1) if match else ""


def _clean(text: str) -> str:
    return _TICKER.sub(" ", _CONTROL.sub(" ", html.unescape(text)))


def _paragraphs(body: str) -> str:
    """Reuters bodies are hard-wrapped; paragraphs start with an indent. One line each."""
    body = re.sub(r"\s*Reuter\s*$", "", body.strip())
    parts = re.split(r"\n\s{2,}", body)
    return "\n".join(" ".join(part.split()) for part in parts if part.strip())


def read_stories(path: Path, *, labelled_only: bool = True) -> Iterator[Story]:
    """The stories of one .sgm file. `TOPICS="BYPASS"` stories were never indexed (the
    corpus README, VIII: "should not be tested on"), so they are left out unless
    `labelled_only` is false."""
    text = path.read_text(encoding="latin-1")
    for match in _STORY.finditer(text):
        attributes, block = match.groups()
        if labelled_only and 'TOPICS="BYPASS"' in attributes:
            continue
        newid = _NEWID.search(attributes)
        gold = {
            family: frozenset(re.findall(r"<D>(.*?)</D>", _field(block, family.upper())))
            for family in FAMILIES
        }
        title = " ".join(_clean(_field(block, "TITLE")).split())
        dateline = " ".join(_clean(_field(block, "DATELINE")).split()).rstrip(" -")
        body = _paragraphs(_clean(_field(block, "BODY")))
        unprocessed = _UNPROC.search(block)
        if unprocessed and not (title or body):
            title, dateline, body = _unprocessed(_clean(unprocessed.group(1)))
        yield Story(
            id=newid.group(1) if newid else "", title=title, dateline=dateline, body=body, gold=gold
        )


def _unprocessed(text: str) -> tuple[str, str, str]:
    """A `TEXT TYPE="UNPROC">` story is raw wire copy, not split into title, dateline and
    body: its first line is the headline, and a dateline ("HARARE, March 3 -") opens a
    later line or ends the headline's (then the headline runs into it, both in
    capitals, and only the last word is taken for the place)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return "", "", ""
    combined = "\n".join(lines)
    found = _RAW_DATELINE.search(combined, 0, len(lines[0]) + 200)
    if not found:
        return " ".join(lines[0].split()), "", _paragraphs("\n  ".join(lines[1:]))
    place = " ".join(found.group(1).split())
    rest = combined[found.end() :]
    if found.start(1) < len(lines[0]):  # on the headline's line: "… ANALYSTS LONDON, March"
        town, _, date = place.partition(", ")
        *headline, last = town.split()
        title = " ".join([*combined[: found.start(1)].split(), *headline])
        return title, f"{last}, {date}", _paragraphs(rest)
    head_lines = combined[: found.start(1)].strip().splitlines()
    body = "\n  ".join([*head_lines[1:], rest])
    return " ".join(head_lines[0].split()), place, _paragraphs(body)

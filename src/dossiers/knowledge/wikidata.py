"""Reading Wikidata entity JSON into knowledge-base records. Pure: files in, records out.

Accepted shapes (plain, .gz or .bz2):

- the dump layout: a line "[", then one entity per line ending in ",", then
  "]" (the "all" JSON dumps, and excerpts of them that stop anywhere);
- JSON lines: one entity object per line;
- one document: `Special:EntityData` and `wbgetentities` answers
  (`{"entities": {...}}`), a bare entity object, or a JSON array of entities.

Dumps are read line by line, so their size does not matter. Anything wrong
with one entity (a malformed line, no English label, a property or lexeme
rather than an item, an id marked missing) becomes a `Problem` with its
line number, and reading goes on.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

ENGLISH = ("en", "en-gb", "en-us", "en-ca", "mul")
# "instance of" (P31) values and the entity type they mean here.
TYPES_BY_CLASS = {
    "Q5": "person",
    "Q6256": "country",
    "Q3624078": "country",
    "Q3024240": "country",
    "Q7275": "country",
    "Q1763527": "country",
    "Q112099": "country",
    "Q515": "place",
    "Q1549591": "place",
    "Q5119": "place",
    "Q486972": "place",
    "Q82794": "place",
    "Q35657": "place",
    "Q23442": "place",
    "Q8502": "place",
    "Q107390": "place",
    "Q1637706": "place",
    "Q200250": "place",
    "Q15284": "place",
    "Q43229": "organisation",
    "Q484652": "organisation",
    "Q245065": "organisation",
    "Q7210356": "organisation",
    "Q7278": "organisation",
    "Q215380": "organisation",
    "Q4830453": "company",
    "Q783794": "company",
    "Q6881511": "company",
    "Q891723": "company",
    "Q131569": "treaty",
    "Q93288": "treaty",
    "Q1656682": "event",
    "Q198": "event",
    "Q178561": "event",
    "Q11424": "other",
}


@dataclass(frozen=True)
class WikidataEntity:
    qid: str
    name: str
    definition: str
    aliases: tuple[str, ...]
    type: str
    line: int

    @property
    def uri(self) -> str:
        return f"http://www.wikidata.org/entity/{self.qid}"


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


@dataclass
class ReadSummary:
    entities: int = 0
    problems: list[Problem] = field(default_factory=list)


def open_text(path: Path) -> TextIO:
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    if name.endswith(".bz2"):
        return bz2.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def read_wikidata(path: Path) -> Iterator[WikidataEntity | Problem]:
    """Entities and problems, in file order."""
    try:
        handle = open_text(path)
    except OSError as error:
        yield Problem(0, f"cannot open {path}: {error}")
        return
    with handle:
        try:
            first = _first_line(handle)
        except (OSError, EOFError, UnicodeDecodeError) as error:
            yield Problem(0, f"cannot read {path.name}: {error}")
            return
        if first is None:
            yield Problem(0, f"{path.name} is empty")
            return
        line_number, line = first
        if line.strip() == "[":
            yield from _lines(handle, line_number)
            return
        rest = _read_rest(handle)
        if isinstance(rest, Problem):
            yield rest
            return
        text = line + rest
        try:
            document = json.loads(text)
        except json.JSONDecodeError:
            # Not one document: one entity per line.
            yield from _lines(io.StringIO(text), line_number - 1)
            return
        yield from _document(document)


def _first_line(handle: TextIO) -> tuple[int, str] | None:
    for number, line in enumerate(handle, start=1):
        if line.strip():
            return number, line
    return None


def _read_rest(handle: TextIO) -> str | Problem:
    try:
        return handle.read()
    except (OSError, EOFError, UnicodeDecodeError) as error:
        return Problem(0, f"cannot read the file to its end: {error}")


def _lines(handle: TextIO, offset: int) -> Iterator[WikidataEntity | Problem]:
    number = offset
    while True:
        try:
            line = handle.readline()
        except (OSError, EOFError, UnicodeDecodeError) as error:
            # A truncated .gz or .bz2 stops here; what was read is kept.
            yield Problem(number + 1, f"the file stops with an error: {error}")
            return
        if not line:
            return
        number += 1
        stripped = line.strip().rstrip(",")
        if stripped in ("", "[", "]"):
            continue
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as error:
            yield Problem(number, f"not valid JSON ({error.msg} at column {error.colno})")
            continue
        yield entity_from_json(data, line=number)


def _document(document: Any) -> Iterator[WikidataEntity | Problem]:
    if isinstance(document, list):
        for index, data in enumerate(document, start=1):
            yield entity_from_json(data, line=index)
    elif isinstance(document, dict) and isinstance(document.get("entities"), dict):
        for index, data in enumerate(document["entities"].values(), start=1):
            yield entity_from_json(data, line=index)
    elif isinstance(document, dict) and "id" in document:
        yield entity_from_json(document, line=1)
    elif isinstance(document, dict) and "search" in document:
        yield Problem(1, "this is a search answer (wbsearchentities), not entity data")
    else:
        yield Problem(1, "no Wikidata entities found (expected a dump, an entity or EntityData)")


def _terms(section: Any) -> dict[str, Any]:
    # Dumps write an empty map as [] (a known bug): treat it as empty.
    return section if isinstance(section, dict) else {}


def _english(section: Any) -> str:
    section = _terms(section)
    for language in ENGLISH:
        term = section.get(language)
        if isinstance(term, dict) and str(term.get("value", "")).strip():
            return " ".join(str(term["value"]).split())
    return ""


def _english_aliases(section: Any, name: str) -> tuple[str, ...]:
    section = _terms(section)
    seen: dict[str, None] = {}
    for language in ENGLISH:
        for term in section.get(language) or []:
            value = " ".join(str(term.get("value", "")).split()) if isinstance(term, dict) else ""
            # An alias needs a letter or digit to be matched ("🇭🇰" is not a name in text).
            if value and value != name and any(c.isalnum() for c in value) and len(value) <= 200:
                seen.setdefault(value, None)
    return tuple(seen)


def _type(claims: Any) -> str:
    for claim in _terms(claims).get("P31") or []:
        try:
            qid = claim["mainsnak"]["datavalue"]["value"]["id"]
        except (KeyError, TypeError):
            continue
        if qid in TYPES_BY_CLASS:
            return TYPES_BY_CLASS[qid]
    return "other"


def entity_from_json(data: Any, *, line: int) -> WikidataEntity | Problem:
    if not isinstance(data, dict):
        return Problem(line, "an entity must be a JSON object")
    qid = str(data.get("id", "")).strip()
    if not qid:
        return Problem(line, "an entity without an id")
    if "missing" in data:
        return Problem(line, f"{qid} is marked missing (deleted or never created)")
    kind = data.get("type", "item")
    if not qid.startswith("Q") or kind != "item":
        return Problem(line, f"{qid} is a {kind}, not an item: skipped")
    name = _english(data.get("labels"))
    if not name:
        return Problem(line, f"{qid} has no English label: skipped")
    return WikidataEntity(
        qid=qid,
        name=name[:200],
        definition=_english(data.get("descriptions"))[:400],
        aliases=_english_aliases(data.get("aliases"), name),
        type=_type(data.get("claims")),
        line=line,
    )

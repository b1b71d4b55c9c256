"""Measuring the linker against Reuters-21578's gold PLACES, ORGS and PEOPLE labels.

Pure: SGML files in, scores out; the knowledge base is `data/reuters21578.yaml`
(our names and aliases for every label of the three vocabularies), built
into a matcher in memory. An article is TITLE, then DATELINE and BODY,
linked by the product's own `link_document`; a label is predicted when the
linked entity meets its family's rule (`RULES`: in the title, in the
dateline, mentioned often enough, salient enough), tuned on reut2-000..003
only. The rules and this reading of the corpus are evaluation policy: the
product's linking itself knows nothing of Reuters.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dossiers.knowledge.datelines import US, us_gazetteer
from dossiers.knowledge.matching import Matcher, Term, build_matcher
from dossiers.knowledge.mentions import LinkResult, link_document

DATA = Path(__file__).resolve().parent / "data" / "reuters21578.yaml"
FAMILIES = ("places", "orgs", "people")
# Entities in the knowledge base that are no label (currencies): they only take names away.
UNLABELLED = "other"
TUNING_FILES = tuple(f"reut2-{n:03d}.sgm" for n in range(4))
TEST_FILES = tuple(f"reut2-{n:03d}.sgm" for n in range(4, 8))
TYPES = {"places": "country", "orgs": "organisation", "people": "person", UNLABELLED: "other"}


@dataclass(frozen=True)
class Rule:
    """When a linked entity counts as a document's label (any condition that is set)."""

    title: bool = True  # named in the title
    dateline: bool = True  # named first in the dateline
    min_count: int | None = None  # named at least this many times
    min_salience: float | None = None  # the linker's salience score reaches this
    # The dateline says where the reporter was: it yields when the title names
    # another place of the same family ("LONDON - Iran announced…").
    dateline_yields: bool = False


# Tuned on reut2-000..003 only (see benchmarks/README.md, "dossiers eval reuters"):
# each family's rule is the one with the best F1 there.
RULES = {
    "places": Rule(title=False, min_count=3, min_salience=0.7),
    # A dateline says where the story was filed: it names a place, never the subject.
    # Organisations: named in the title, or twice.
    "orgs": Rule(title=True, dateline=False, min_count=2),
    # People: named in the title, or three times.
    "people": Rule(title=True, dateline=False, min_count=3),
}


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    dateline: str
    body: str
    gold: dict[str, frozenset[str]]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "true_positives": self.tp,
            "false_positives": self.fp,
            "false_negatives": self.fn,
        }


@dataclass
class Evaluation:
    files: list[str]
    stories: int = 0
    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FAMILIES})
    seconds: float = 0.0


# --- The corpus ---------------------------------------------------------------------

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


# --- The knowledge base ---------------------------------------------------------------


@dataclass(frozen=True)
class ReutersKB:
    matcher: Matcher
    labels: dict[int, tuple[str, str]]  # entity id -> (family, label)


def _term(entity_id: int, raw: str) -> Term:
    context_only = raw.startswith("~")
    text = raw.lstrip("~")
    exact = text.startswith("=")
    return Term(entity_id, text.lstrip("="), case_sensitive=exact, context_only=context_only)


def load_kb(path: Path = DATA) -> ReutersKB:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    terms: list[Term] = []
    labels: dict[int, tuple[str, str]] = {}
    types: dict[int, str] = {}
    for family in (*FAMILIES, UNLABELLED):
        for label, names in (data.get(family) or {}).items():
            entity_id = len(labels) + 1
            labels[entity_id] = (family, label)
            types[entity_id] = TYPES[family]
            terms.extend(_term(entity_id, str(name)) for name in names)
    return ReutersKB(build_matcher(terms, types=types), labels)


# --- Scoring ------------------------------------------------------------------------


def link_story(kb: ReutersKB, story: Story) -> LinkResult:
    body = f"{story.dateline}\n{story.body}" if story.dateline else story.body
    return link_document(kb.matcher, title=story.title, body_text=body)


def predict(
    kb: ReutersKB, story: Story, rules: dict[str, Rule] | None = None
) -> dict[str, set[str]]:
    rules = rules or RULES
    result = link_story(kb, story)
    dateline_start = len(story.title) + 1
    dateline_end = dateline_start + len(story.dateline)
    predicted: dict[str, set[str]] = {family: set() for family in FAMILIES}
    in_title = {kb.labels[pk][0] for pk, stats in result.mentions.items() if stats.in_title}
    for entity_id, stats in result.mentions.items():
        family, label = kb.labels[entity_id]
        if family == UNLABELLED:
            continue
        rule = rules[family]
        in_dateline = dateline_start <= stats.first_position < dateline_end
        dateline_counts = rule.dateline and in_dateline
        if dateline_counts and rule.dateline_yields and not stats.in_title:
            dateline_counts = family not in in_title
        if (
            (rule.title and stats.in_title)
            or dateline_counts
            or (rule.min_salience is not None and stats.salience >= rule.min_salience)
            or (rule.min_count is not None and stats.count >= rule.min_count)
        ):
            predicted[family].add(label)
    if rules["places"].dateline and story.dateline:
        place = dateline_place(kb, story.dateline)
        if place:
            predicted["places"].add(place)
    return predicted


# The PLACES label of each country the dateline gazetteer knows (`knowledge.datelines`).
DATELINE_LABELS = {US: "usa"}


def dateline_place(kb: ReutersKB, dateline: str) -> str | None:
    """The place label of a dateline the knowledge base does not read ("WAYZATA, Minn."):
    from the gazetteer of US towns and states, only when no name in it is a place."""
    for _, _, ids in kb.matcher.spans(dateline):
        if any(kb.labels.get(abs(pk), ("", ""))[0] == "places" for pk in ids):
            return None
    return DATELINE_LABELS.get(us_gazetteer().country(dateline) or "")


def evaluate(
    directory: Path,
    files: Sequence[str] = TEST_FILES,
    *,
    kb: ReutersKB | None = None,
    rules: dict[str, Rule] | None = None,
) -> Evaluation:
    import time

    kb = kb or load_kb()
    evaluation = Evaluation(files=list(files))
    started = time.perf_counter()
    for story in _stories(directory, files):
        evaluation.stories += 1
        predicted = predict(kb, story, rules)
        for family in FAMILIES:
            gold, guess = story.gold[family], predicted[family]
            score = evaluation.scores[family]
            score.tp += len(gold & guess)
            score.fp += len(guess - gold)
            score.fn += len(gold - guess)
    evaluation.seconds = time.perf_counter() - started
    return evaluation


def _stories(directory: Path, files: Iterable[str]) -> Iterator[Story]:
    for name in files:
        path = directory / name
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing (expected the Reuters-21578 .sgm files)")
        yield from read_stories(path)

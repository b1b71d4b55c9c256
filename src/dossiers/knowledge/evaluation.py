"""Measuring the linker against Reuters-21578's gold PLACES, ORGS and PEOPLE labels.

Pure: SGML files in (read by `reuters_sgml`), scores out. The knowledge base
is `data/reuters21578.yaml` (our names and aliases for every label of the
three vocabularies), built into a matcher in memory. A story is TITLE, then
DATELINE and BODY, linked by the product's own `link_document`; a label is
predicted when the linked entity meets its family's rule (`RULES`: in the
title, in the dateline, mentioned often enough, salient enough, or named in
a list of its kind), tuned on reut2-000..003 only. A dateline the knowledge
base does not read is looked up in a gazetteer of US towns (`datelines`).
The rules, the gazetteer and this reading of the corpus are evaluation
policy: the product's linking itself knows nothing of Reuters.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dossiers.knowledge.datelines import US, us_gazetteer
from dossiers.knowledge.matching import Matcher, Term, build_matcher
from dossiers.knowledge.mentions import LinkResult, compose_document, link_document
from dossiers.knowledge.reuters_sgml import FAMILIES, Story, read_stories

__all__ = ["FAMILIES", "RULES", "Rule", "Story", "evaluate", "judge", "predict", "read_stories"]

DATA = Path(__file__).resolve().parent / "data" / "reuters21578.yaml"
# Entities in the knowledge base that are no label (currencies): they only take names away.
UNLABELLED = "other"
TUNING_FILES = tuple(f"reut2-{n:03d}.sgm" for n in range(4))
TEST_FILES = tuple(f"reut2-{n:03d}.sgm" for n in range(4, 8))
TYPES = {"places": "country", "orgs": "organisation", "people": "person", UNLABELLED: "other"}


NOT_NAMED = "not named"  # evidence of a gold label the linker never found in the story
# The evidence a rule takes a name on, strongest first, and what it leaves out.
TAKEN = ("title", "dateline", "salience", "count", "roster", "dateline gazetteer")
LEFT_OUT = {1: "body once", 2: "body twice", 3: "body 3+ times"}


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
    # Named in one sentence with at least this many others of its family: a roster
    # ("talks with Baker, Volcker and Camdessus", the ministers of a G-7 meeting),
    # where the indexers label every name, each mentioned once.
    min_peers: int | None = None


# Tuned on reut2-000..003 only (see benchmarks/README.md, "dossiers eval reuters"):
# each family's rule is the one with the best F1 there.
RULES = {
    "places": Rule(title=False, min_count=3, min_salience=0.7),
    # A dateline says where the story was filed: it names a place, never the subject.
    # Organisations: named in the title, or twice, or in a list of three bodies.
    "orgs": Rule(title=True, dateline=False, min_count=2, min_peers=2),
    # People: named in the title, or three times, or in a list of four people.
    "people": Rule(title=True, dateline=False, min_count=3, min_peers=3),
}


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
    # (family, evidence) -> [names labelled in the gold, names]: see `judge`.
    evidence: dict[tuple[str, str], list[int]] = field(default_factory=dict)


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


def _body(story: Story) -> str:
    return f"{story.dateline}\n{story.body}" if story.dateline else story.body


def link_story(kb: ReutersKB, story: Story) -> LinkResult:
    return link_document(kb.matcher, title=story.title, body_text=_body(story))


def predict(
    kb: ReutersKB, story: Story, rules: dict[str, Rule] | None = None
) -> dict[str, set[str]]:
    predicted: dict[str, set[str]] = {family: set() for family in FAMILIES}
    for family, label, _evidence, taken in judge(kb, story, rules):
        if taken:
            predicted[family].add(label)
    return predicted


def judge(
    kb: ReutersKB, story: Story, rules: dict[str, Rule] | None = None
) -> list[tuple[str, str, str, bool]]:
    """Every labelled entity the story names: (family, label, evidence, taken as a label).

    The evidence is the first of `TAKEN` that the family's rule accepts, or, for a
    name the rule leaves out, where and how often it was named (`LEFT_OUT`; "title,
    not taken" when the rule ignores titles): what `dossiers eval reuters` measures
    when a family stops short.
    """
    rules = rules or RULES
    result = link_story(kb, story)
    dateline_start = len(story.title) + 1
    dateline_end = dateline_start + len(story.dateline)
    judged: list[tuple[str, str, str, bool]] = []
    in_title = {kb.labels[pk][0] for pk, stats in result.mentions.items() if stats.in_title}
    peers = sentence_peers(kb, story, result) if any(r.min_peers for r in rules.values()) else {}
    for entity_id, stats in result.mentions.items():
        family, label = kb.labels[entity_id]
        if family == UNLABELLED:
            continue
        rule = rules[family]
        in_dateline = dateline_start <= stats.first_position < dateline_end
        dateline_counts = rule.dateline and in_dateline
        if dateline_counts and rule.dateline_yields and not stats.in_title:
            dateline_counts = family not in in_title
        reasons = (
            ("title", rule.title and stats.in_title),
            ("dateline", dateline_counts),
            ("salience", rule.min_salience is not None and stats.salience >= rule.min_salience),
            ("count", rule.min_count is not None and stats.count >= rule.min_count),
            ("roster", rule.min_peers is not None and peers.get(entity_id, 0) >= rule.min_peers),
        )
        taken = next((why for why, holds in reasons if holds), "")
        left = "title, not taken" if stats.in_title else LEFT_OUT[min(stats.count, 3)]
        judged.append((family, label, taken or left, bool(taken)))
    if rules["places"].dateline and story.dateline:
        place = dateline_place(kb, story.dateline)
        if place and not any(f == "places" and lab == place and t for f, lab, _, t in judged):
            judged.append(("places", place, "dateline gazetteer", True))
    return judged


# A sentence ends at a line break or at a full stop after a lower-case letter, a digit
# or a bracket ("U.S. officials" and "Mr. Baker" go on).
_SENTENCE_END = re.compile(r'\n|(?<=[a-z0-9)"])\.\s+(?=["A-Z])')


def sentence_peers(kb: ReutersKB, story: Story, result: LinkResult) -> dict[int, int]:
    """For each linked entity, the most other entities of its family named in one
    sentence with it."""
    text, _, _ = compose_document(story.title, _body(story))
    ends = [match.end() for match in _SENTENCE_END.finditer(text)]
    by_sentence: dict[int, set[int]] = {}
    for start, _, ids in kb.matcher.spans(text):
        sentence = bisect.bisect_right(ends, start)
        for pk in ids:
            if abs(pk) in result.mentions:
                by_sentence.setdefault(sentence, set()).add(abs(pk))
    peers: dict[int, int] = {}
    for named in by_sentence.values():
        for pk in named:
            family = kb.labels[pk][0]
            others = sum(1 for other in named if other != pk and kb.labels[other][0] == family)
            peers[pk] = max(peers.get(pk, 0), others)
    return peers


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
        predicted: dict[str, set[str]] = {family: set() for family in FAMILIES}
        named: set[tuple[str, str]] = set()
        for family, label, evidence, taken in judge(kb, story, rules):
            named.add((family, label))
            if taken:
                predicted[family].add(label)
            tally = evaluation.evidence.setdefault((family, evidence), [0, 0])
            tally[0] += label in story.gold[family]
            tally[1] += 1
        for family in FAMILIES:
            for label in story.gold[family]:
                if (family, label) not in named:
                    tally = evaluation.evidence.setdefault((family, NOT_NAMED), [0, 0])
                    tally[0] += 1
                    tally[1] += 1
        for family in FAMILIES:
            gold, guess = story.gold[family], predicted[family]
            score = evaluation.scores[family]
            score.tp += len(gold & guess)
            score.fp += len(guess - gold)
            score.fn += len(gold - guess)
    evaluation.seconds = time.perf_counter() - started
    return evaluation


def frontier(
    evidence: dict[tuple[str, str], list[int]], family: str, min_precision: float
) -> tuple[float, float, float, list[str]]:
    """The best F1 any rule built from this evidence reaches at `min_precision` or more:
    (precision, recall, F1, evidence taken). Each name has one kind of evidence, so the
    best rules take the kinds in falling order of precision; this tries every prefix."""
    gold = sum(labelled for (f, _), (labelled, _n) in evidence.items() if f == family)
    kinds = sorted(
        (
            (labelled / named, labelled, named, kind)
            for (f, kind), (labelled, named) in evidence.items()
            if f == family and kind != NOT_NAMED and named
        ),
        reverse=True,
    )
    best: tuple[float, float, float, list[str]] = (0.0, 0.0, 0.0, [])
    tp = taken = 0
    for position, (_share, labelled, named, _kind) in enumerate(kinds):
        tp, taken = tp + labelled, taken + named
        precision, recall = tp / taken, tp / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        if precision >= min_precision and f1 > best[2]:
            best = (precision, recall, f1, [k for *_, k in kinds[: position + 1]])
    return best


def _stories(directory: Path, files: Iterable[str]) -> Iterator[Story]:
    for name in files:
        path = directory / name
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing (expected the Reuters-21578 .sgm files)")
        yield from read_stories(path)

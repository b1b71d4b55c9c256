"""The domain set: hand-written passages linked with the demo knowledge base, and scored.

Pure (no database): the demo's entities.yaml and hubs.yaml are built into a
matcher exactly as the services build one (names, aliases, types, related
entities, hub peers), and each passage's Markdown is rendered and reduced to
linkable text as an article's body is. Two things are scored separately:

- linking: the entities found against the passage's `mentions` gold;
- "about": the entities judged salient against its `about` gold.

The passages live with the tests (tests/knowledge/data/passages.yaml and
domain.yaml); `dossiers eval domain` reads them from the source checkout or
from the files it is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dossiers.core.markdown import render_article_markdown
from dossiers.demo.loader import CONTENT_DIR
from dossiers.knowledge.linking import entity_relations
from dossiers.knowledge.matching import Matcher, Term, build_matcher, looks_like_acronym
from dossiers.knowledge.mentions import DEFAULT_POLICY, LinkResult, SaliencePolicy, link_document
from dossiers.knowledge.text import linkable_text

# In a source checkout: src/dossiers/demo/domain.py -> tests/knowledge/data/.
PASSAGE_FILES = tuple(
    Path(__file__).resolve().parents[3] / "tests" / "knowledge" / "data" / name
    for name in ("passages.yaml", "domain.yaml")
)


@dataclass(frozen=True)
class DemoKnowledge:
    matcher: Matcher
    ids: dict[str, int]  # slug -> entity id

    @property
    def slugs(self) -> dict[int, str]:
        return {pk: slug for slug, pk in self.ids.items()}


def demo_knowledge(content_dir: Path = CONTENT_DIR) -> DemoKnowledge:
    """The demo knowledge base as a matcher, with hub peers, without a database."""
    entities = yaml.safe_load((content_dir / "entities.yaml").read_text(encoding="utf-8"))
    hubs = yaml.safe_load((content_dir / "hubs.yaml").read_text(encoding="utf-8"))
    ids = {record["slug"]: pk for pk, record in enumerate(entities, start=1)}
    terms = []
    for record in entities:
        pk = ids[record["slug"]]
        aliases = []
        for alias in record.get("aliases") or []:
            if isinstance(alias, str):
                alias = {"text": alias}
            exact = alias.get("case_sensitive")
            if exact is None:
                exact = looks_like_acronym(alias["text"])
            aliases.append(
                Term(
                    pk,
                    alias["text"],
                    exact,
                    bool(alias.get("context_only")),
                    alias.get("cues_for", ""),
                    alias.get("cues_against", ""),
                    is_name=alias["text"] == record["name"],
                )
            )
        restated = any(term.text == record["name"] for term in aliases)
        if record.get("match_name", True) and not restated:
            terms.append(Term(pk, record["name"], looks_like_acronym(record["name"]), is_name=True))
        terms += aliases
    peers: dict[int, frozenset[int]] = {}
    for hub in hubs:
        keys = {ids[slug] for slug in hub["key_entities"]}
        for pk in keys:
            peers[pk] = peers.get(pk, frozenset()) | (keys - {pk})
    matcher = build_matcher(
        terms, types={ids[r["slug"]]: r["type"] for r in entities}, hub_peers=peers
    )
    texts = [
        (ids[r["slug"]], f"{r.get('definition', '')}\n{r.get('description', '')}") for r in entities
    ]
    matcher.related = entity_relations(matcher, texts)
    return DemoKnowledge(matcher, ids)


def load_passages(paths: Iterable[Path] = PASSAGE_FILES) -> list[dict[str, Any]]:
    passages: list[dict[str, Any]] = []
    for path in paths:
        passages += yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return passages


def link_passage(
    kb: DemoKnowledge, passage: dict[str, Any], policy: SaliencePolicy = DEFAULT_POLICY
) -> LinkResult:
    body = linkable_text(render_article_markdown(passage["body"]))
    return link_document(kb.matcher, title=passage["title"], body_text=body, policy=policy)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, predicted: set[str], gold: set[str]) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)


@dataclass
class DomainScore:
    passages: int = 0
    about: Counts = field(default_factory=Counts)
    linking: Counts = field(default_factory=Counts)
    # Per kind of passage (brief, analysis, essay): "about" only.
    about_by_kind: dict[str, Counts] = field(default_factory=dict)
    # (passage id, wrongly called about, missed)
    errors: list[tuple[str, list[str], list[str]]] = field(default_factory=list)


def gold_mentions(passage: dict[str, Any]) -> set[str]:
    """Every entity the passage names (`mentions`; the older passages say `found`)."""
    return set(passage.get("mentions", passage.get("found", [])))


def score_passages(
    kb: DemoKnowledge,
    passages: Sequence[dict[str, Any]],
    policy: SaliencePolicy = DEFAULT_POLICY,
) -> DomainScore:
    """Precision and recall of "about" and of linking over the passages with gold for them.

    Linking is scored on passages that list every entity they name
    (`mentions`); "about" on those that also list what they are about.
    """
    slugs = kb.slugs
    score = DomainScore()
    for passage in passages:
        if "mentions" not in passage:
            continue
        score.passages += 1
        result = link_passage(kb, passage, policy)
        found = {slugs[pk] for pk in result.mentions}
        score.linking.add(found, gold_mentions(passage))
        about = {slugs[pk] for pk, stats in result.mentions.items() if stats.is_about}
        gold = set(passage.get("about", []))
        score.about.add(about, gold)
        kind = passage.get("kind", "brief")
        score.about_by_kind.setdefault(kind, Counts()).add(about, gold)
        if about != gold:
            score.errors.append((passage["id"], sorted(about - gold), sorted(gold - about)))
    return score

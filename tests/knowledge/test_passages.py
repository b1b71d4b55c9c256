"""The linker on hand-written passages in the site's domain (no database).

The demo knowledge base (entities.yaml) and its hubs' key sets (hubs.yaml)
are built into a matcher exactly as the services build it; each passage is
Markdown rendered as an article's body is, so links, code and attributes are
what the real pipeline sees.
"""

from pathlib import Path

import pytest
import yaml

from dossiers.core.markdown import render_article_markdown
from dossiers.demo.loader import CONTENT_DIR
from dossiers.knowledge.linking import entity_relations
from dossiers.knowledge.matching import Term, build_matcher, looks_like_acronym
from dossiers.knowledge.mentions import link_document
from dossiers.knowledge.text import linkable_text

PASSAGES = yaml.safe_load((Path(__file__).parent / "data" / "passages.yaml").read_text())


@pytest.fixture(scope="module")
def demo():
    entities = yaml.safe_load((CONTENT_DIR / "entities.yaml").read_text(encoding="utf-8"))
    hubs = yaml.safe_load((CONTENT_DIR / "hubs.yaml").read_text(encoding="utf-8"))
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
    return matcher, ids


def test_there_are_at_least_forty_passages():
    assert len(PASSAGES) >= 40
    assert len({p["id"] for p in PASSAGES}) == len(PASSAGES)


@pytest.mark.parametrize("passage", PASSAGES, ids=[p["id"] for p in PASSAGES])
def test_passage(demo, passage):
    matcher, ids = demo
    slugs = {pk: slug for slug, pk in ids.items()}
    body = linkable_text(render_article_markdown(passage["body"]))
    result = link_document(matcher, title=passage["title"], body_text=body)
    found = {slugs[pk] for pk in result.mentions}
    for slug in passage.get("found", []):
        assert slug in found, f"{slug} not found in {sorted(found)}"
    for slug in passage.get("absent", []):
        assert slug not in found, f"{slug} found but should not be"
    for slug in passage.get("about", []):
        assert result.mentions[ids[slug]].is_about, f"{slug} should be salient"
    for slug in passage.get("peripheral", []):
        assert not result.mentions[ids[slug]].is_about, f"{slug} should be a passing mention"
    assert sorted(result.ambiguous) == sorted(passage.get("unresolved", []))

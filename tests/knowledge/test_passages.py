"""The linker on hand-written passages in the site's domain (no database).

The demo knowledge base (entities.yaml) and its hubs' key sets (hubs.yaml)
are built into a matcher exactly as the services build it; each passage is
Markdown rendered as an article's body is, so links, code and attributes are
what the real pipeline sees (`dossiers.demo.domain`).

passages.yaml holds the linker's rules, one passage each (what must and must
not be found); domain.yaml briefs, analyses and essays. Every passage has
complete gold (`about`, `mentions`): the set as a whole must reach the
floors below for "about" and for linking (`dossiers eval domain` prints the
same figures).
"""

import pytest

from dossiers.demo.domain import (
    PASSAGE_FILES,
    demo_knowledge,
    link_passage,
    load_passages,
    score_passages,
)
from dossiers.knowledge.salience import SaliencePolicy

# senses.yaml: senses in context and normalisation, checked for what is found (no gold).
SENSES = load_passages([PASSAGE_FILES[0].with_name("senses.yaml")])
RULES = load_passages(PASSAGE_FILES[:1]) + SENSES
PASSAGES = load_passages()
ABOUT_FLOOR = 0.85
LINKING_FLOOR = 0.95


@pytest.fixture(scope="module")
def demo():
    return demo_knowledge()


def test_the_domain_set_is_large_and_complete():
    assert len(PASSAGES) >= 120
    assert len({p["id"] for p in PASSAGES}) == len(PASSAGES)
    for passage in PASSAGES:
        assert "about" in passage and "mentions" in passage, passage["id"]
        assert set(passage["about"]) <= set(passage["mentions"]), passage["id"]
    kinds = {p.get("kind") for p in PASSAGES}
    assert {"brief", "analysis", "essay"} <= kinds


def test_about_and_linking_reach_their_floors(demo):
    score = score_passages(demo, PASSAGES)
    assert score.passages == len(PASSAGES)
    about, linking = score.about, score.linking
    assert about.precision >= ABOUT_FLOOR, (about, score.errors)
    assert about.recall >= ABOUT_FLOOR, (about, score.errors)
    assert linking.precision >= LINKING_FLOOR, linking
    assert linking.recall >= LINKING_FLOOR, linking


def test_a_stricter_threshold_trades_recall_for_precision(demo):
    """The threshold is a setting: raising it calls fewer things "about", never more."""
    default = score_passages(demo, PASSAGES).about
    strict = score_passages(demo, PASSAGES, SaliencePolicy(about=0.5)).about
    assert strict.tp + strict.fp < default.tp + default.fp
    assert strict.precision >= default.precision


@pytest.mark.parametrize("passage", RULES, ids=[p["id"] for p in RULES])
def test_passage(demo, passage):
    slugs = demo.slugs
    result = link_passage(demo, passage)
    found = {slugs[pk] for pk in result.mentions}
    for slug in passage.get("found", []):
        assert slug in found, f"{slug} not found in {sorted(found)}"
    for slug in passage.get("absent", []):
        assert slug not in found, f"{slug} found but should not be"
    for slug in passage.get("peripheral", []):
        assert not result.mentions[demo.ids[slug]].is_about, f"{slug} should be a passing mention"
    assert sorted(result.ambiguous) == sorted(passage.get("unresolved", []))

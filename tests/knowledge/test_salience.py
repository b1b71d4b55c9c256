"""Salience: "about" from evidence that means the same in a brief and in an essay."""

import pytest
from django.conf import settings
from django.test import override_settings

from dossiers.knowledge.linking import salience_policy
from dossiers.knowledge.matching import Term, build_matcher
from dossiers.knowledge.mentions import link_document
from dossiers.knowledge.salience import SaliencePolicy, lead_bounds, opens_clause, salience

NATO, ROMANIA, SWEDEN, BLACK_SEA, MONTREUX, RUSSIA = 1, 2, 3, 4, 5, 6


@pytest.fixture(scope="module")
def matcher():
    m = build_matcher(
        [
            Term(NATO, "NATO", case_sensitive=True),
            Term(ROMANIA, "Romania"),
            Term(SWEDEN, "Sweden"),
            Term(BLACK_SEA, "Black Sea"),
            Term(MONTREUX, "Montreux Convention"),
            Term(RUSSIA, "Russia"),
        ]
    )
    m.hub_peers = {BLACK_SEA: frozenset({MONTREUX}), MONTREUX: frozenset({BLACK_SEA})}
    return m


FILLER = "Budgets, ports and procurement plans were discussed at length by the officials. "


def test_a_passing_name_in_a_briefs_first_sentence_is_not_what_it_is_about(matcher):
    """The overcall of issue 12: a short piece is nearly all lead under a fixed-size lead."""
    body = (
        "Ahead of the NATO summit, Romania said it would raise defence spending. "
        "Romania's finance ministry has not said how it will pay. " + FILLER
    )
    result = link_document(matcher, title="Bucharest raises its budget", body_text=body)
    assert result.mentions[ROMANIA].is_about
    assert not result.mentions[NATO].is_about
    assert result.mentions[NATO].in_lead  # named in the lead, but not its subject


def test_the_subject_of_the_lead_is_what_a_brief_is_about(matcher):
    body = "Sweden will double its garrison on Gotland, officials said. " + FILLER * 2
    result = link_document(matcher, title="An island garrison", body_text=body)
    assert result.mentions[SWEDEN].is_about


def test_the_title_makes_an_entity_salient_in_an_essay_as_in_a_brief(matcher):
    for size in (1, 40):
        body = FILLER * size + "Analysts said little about it."
        stats = link_document(matcher, title="Why NATO matters", body_text=body).mentions[NATO]
        assert stats.is_about and stats.in_title


def test_one_mention_deep_in_an_essay_is_a_passing_one_even_when_nothing_else_is_named(
    matcher,
):
    body = FILLER * 40 + "A word on Russia closes the piece."
    stats = link_document(matcher, title="Procurement", body_text=body).mentions[RUSSIA]
    assert not stats.is_about
    assert stats.salience < 0.1


def test_a_name_that_runs_through_the_piece_is_about_it_whatever_the_length(matcher):
    """The share of mentions, not their number: 3 of 4 in a brief, 12 of 16 in an essay."""
    brief = "Officials met. Russia and Russia again, Russia, and Sweden once."
    essay = " ".join([FILLER * 5 + "Russia, Russia and Russia; Sweden too."] * 4)
    for body in (brief, essay):
        result = link_document(matcher, title="Notes", body_text=body)
        assert result.mentions[RUSSIA].is_about
        assert not result.mentions[SWEDEN].is_about


def test_hub_context_lifts_a_key_entity_of_the_same_hub_as_the_subject(matcher):
    body = (
        "The Black Sea is calmer this winter. "
        + FILLER * 3
        + "Lawyers cite the Montreux Convention."
    )
    without = link_document(
        matcher, title="Winter", body_text=body, policy=SaliencePolicy(context=0.0)
    )
    within = link_document(
        matcher, title="Winter", body_text=body, policy=SaliencePolicy(context=0.2)
    )
    assert within.mentions[MONTREUX].salience == pytest.approx(
        without.mentions[MONTREUX].salience + 0.2
    )
    assert within.mentions[BLACK_SEA].salience == without.mentions[BLACK_SEA].salience


def test_the_threshold_is_a_setting(matcher):
    body = "Sweden will double its garrison, officials said. " + FILLER
    default = link_document(matcher, title="Gotland", body_text=body)
    strict = link_document(
        matcher, title="Gotland", body_text=body, policy=SaliencePolicy(about=0.9)
    )
    assert default.mentions[SWEDEN].is_about
    assert not strict.mentions[SWEDEN].is_about
    assert strict.mentions[SWEDEN].salience == default.mentions[SWEDEN].salience


def test_the_lead_is_the_first_sentence_extended_by_the_share_of_the_body():
    body = "First sentence here. Second one follows. Third closes the paragraph.\nNext."
    text = f"T\n{body}"
    first, lead = lead_bounds(text, 2, SaliencePolicy(lead_share=0.1))
    assert text[2:first] == "First sentence here."
    assert lead == first
    _, lead = lead_bounds(text, 2, SaliencePolicy(lead_share=0.6))
    assert text[2:lead] == "First sentence here. Second one follows."
    _, lead = lead_bounds(text, 2, SaliencePolicy(lead_share=1.0))
    assert text[2:lead] == "First sentence here. Second one follows. Third closes the paragraph."
    _, lead = lead_bounds(text, 2, SaliencePolicy(lead_share=1.0, lead_max=10))
    assert text[2:lead] == "First sent"


def test_initials_do_not_end_the_first_sentence():
    text = "T\nU.S. officials met in Brussels. Then they left."
    first, _ = lead_bounds(text, 2, SaliencePolicy())
    assert text[2:first] == "U.S. officials met in Brussels."


@pytest.mark.parametrize(
    ("sentence", "name", "subject"),
    [
        ("Romania said it would pay.", "Romania", True),
        ("The Black Sea is calmer.", "Black Sea", True),
        ("President Erdogan opened a plant.", "Erdogan", True),
        ("Ahead of the NATO summit, Romania said so.", "NATO", False),
        ("Ahead of the NATO summit, Romania said so.", "Romania", True),
        ("Farmers in Romania expect a harvest.", "Romania", False),
        ("Finland, Sweden and Norway train together.", "Norway", True),
        ("Two weeks after joining NATO, Sweden acted.", "NATO", False),
        ("Russia's bridge to Crimea carries less.", "Crimea", False),
    ],
)
def test_the_subject_heuristic(sentence, name, subject):
    assert opens_clause(sentence, 0, sentence.index(name)) is subject


def test_salience_stays_between_zero_and_one():
    top = salience(9, 0.0, in_title=True, in_lead=True, subject=True, share=1.0)
    assert top == 1.0
    assert salience(1, 1.0, in_title=False, in_lead=False, subject=False, share=1.0) == 0.0


def test_the_site_settings_make_the_policy():
    with override_settings(
        DOSSIERS={
            **settings.DOSSIERS,
            "SALIENCE_ABOUT": 0.4,
            "SALIENCE_LEAD_SHARE": 0.3,
            "SALIENCE_LEAD_MAX": 250,
            "SALIENCE_CONTEXT": 0.0,
        }
    ):
        assert salience_policy() == SaliencePolicy(
            about=0.4, lead_share=0.3, lead_max=250, context=0.0
        )
    assert salience_policy() == SaliencePolicy()

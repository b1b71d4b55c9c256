"""The alias matcher, on plain data (no database)."""

import pytest

from dossiers.knowledge.matching import (
    MentionStats,
    Term,
    build_matcher,
    fold,
    link_document,
    looks_like_acronym,
    salience,
)

NATO, TURKEY, EU, US, GEORGIA, GEORGIA_STATE, DRONE, BLACK_SEA = 1, 2, 3, 4, 5, 6, 7, 8

TERMS = [
    Term(NATO, "NATO", case_sensitive=True),
    Term(NATO, "North Atlantic Treaty Organization"),
    Term(TURKEY, "Turkey", case_sensitive=True),
    Term(TURKEY, "Türkiye"),
    Term(EU, "European Union"),
    Term(EU, "EU", case_sensitive=True),
    Term(US, "US", case_sensitive=True),
    Term(US, "United States"),
    Term(GEORGIA, "Georgia"),
    Term(GEORGIA_STATE, "Georgia"),
    Term(GEORGIA_STATE, "Atlanta"),
    Term(DRONE, "combat drone"),
    Term(BLACK_SEA, "Black Sea"),
]


@pytest.fixture(scope="module")
def matcher():
    return build_matcher(TERMS)


def found(matcher, text):
    return [(text[m.start : m.end], m.entity_ids) for m in matcher.find(text)]


def test_fold_keeps_length_and_removes_case_diacritics_and_curly_apostrophes():
    text = "Türkiye’s İSTANBUL—Ankara"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "turkiye's istanbul ankara"


def test_diacritics_match_both_ways(matcher):
    assert found(matcher, "Turkiye and Türkiye") == [("Turkiye", (TURKEY,)), ("Türkiye", (TURKEY,))]


def test_case_sensitive_acronyms_do_not_match_ordinary_words(matcher):
    assert found(matcher, "Let us talk about the US and the EU.") == [
        ("US", (US,)),
        ("EU", (EU,)),
    ]
    assert found(matcher, "a turkey dinner") == []


def test_word_boundaries_are_required(matcher):
    assert found(matcher, "NATOland USB Europeanunion") == []


def test_possessives_and_plurals_match(matcher):
    assert found(matcher, "NATO's flank and NATO’s budget") == [
        ("NATO", (NATO,)),
        ("NATO", (NATO,)),
    ]
    assert found(matcher, "two combat drones") == [("combat drones", (DRONE,))]


def test_longest_match_wins_on_overlap(matcher):
    text = "the North Atlantic Treaty Organization met"
    assert found(matcher, text) == [("North Atlantic Treaty Organization", (NATO,))]


def test_hyphen_and_space_variants_are_the_same_name(matcher):
    assert found(matcher, "a combat-drone fleet") == [("combat-drone", (DRONE,))]


def test_shared_alias_is_reported_with_every_candidate(matcher):
    assert found(matcher, "Georgia") == [("Georgia", (GEORGIA, GEORGIA_STATE))]


def test_ambiguous_alias_resolves_when_the_article_names_one_candidate_unambiguously(matcher):
    result = link_document(matcher, title="Peach state", body_text="Georgia and Atlanta grow.")
    assert set(result.mentions) == {GEORGIA_STATE}
    assert result.mentions[GEORGIA_STATE].count == 2
    assert result.ambiguous == {}


def test_ambiguous_alias_without_context_is_left_unlinked_and_recorded(matcher):
    result = link_document(matcher, title="Caucasus", body_text="Georgia votes.")
    assert result.mentions == {}
    assert result.ambiguous == {"Georgia": (GEORGIA, GEORGIA_STATE)}


def test_nothing_matches_inside_urls(matcher):
    result = link_document(
        matcher, title="x", body_text="See https://example.org/NATO/Black-Sea today"
    )
    assert result.mentions == {}


def test_mention_statistics_track_title_lead_count_and_first_position(matcher):
    body = "The Black Sea matters.\nLater the Black Sea again, and NATO."
    result = link_document(matcher, title="NATO in focus", body_text=body)
    nato, sea = result.mentions[NATO], result.mentions[BLACK_SEA]
    assert (nato.count, nato.in_title, nato.first_position) == (2, True, 0)
    assert (sea.count, sea.in_title, sea.in_lead) == (2, False, True)
    assert nato.salience > sea.salience


def test_salience_rewards_title_and_lead_over_a_passing_mention():
    passing = salience(MentionStats(count=1, first_position=900), text_length=1000)
    central = salience(
        MentionStats(count=4, first_position=0, in_title=True, in_lead=True), text_length=1000
    )
    assert 0 <= passing < 0.1 < 0.8 < central <= 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EU", True),
        ("PESCO", True),
        ("C-UAS", True),
        ("Quad", False),
        ("strategic autonomy", False),
        ("NATO ALLIES", False),
    ],
)
def test_acronyms_are_recognised(text, expected):
    assert looks_like_acronym(text) is expected

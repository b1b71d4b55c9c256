"""The alias matcher, on plain data (no database)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossiers.knowledge.folding import fold
from dossiers.knowledge.matching import Term, build_matcher, looks_like_acronym
from dossiers.knowledge.mentions import link_document

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


def test_fold_keeps_length_and_turns_case_diacritics_and_punctuation_into_letters_and_spaces():
    text = "Türkiye’s İSTANBUL—Ankara (U.S.)"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "turkiye s istanbul ankara  u s  "
    assert fold("Łódź Straße", keep_case=True) == "Lodz Straße"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3100), max_size=40))
def test_fold_is_length_preserving_and_the_same_whatever_the_rest_of_the_text(text):
    folded = fold(text)
    assert len(folded) == len(text)
    # The Latin-1 fast path and the general path agree character by character.
    assert folded == "".join(fold(char) for char in text)
    assert fold(text + "中") == folded + "中"


def test_case_sensitive_aliases_are_checked_against_the_original_text():
    m = build_matcher([Term(1, "US", True), Term(2, "NGO", True), Term(3, "WHO", True)])
    spans = lambda text: [(text[s:e], ids) for s, e, ids in m.spans(text)]  # noqa: E731
    assert spans("us and US, who and WHO") == [("US", (1,)), ("WHO", (3,))]
    # A plural takes a lower-case s only: "NGOs" is NGO, "USS" is not US.
    assert spans("NGOs and the USS Nimitz") == [("NGOs", (2,))]


def test_a_refused_longest_match_falls_back_to_the_shorter_names_inside_it():
    m = build_matcher([Term(1, "New York"), Term(2, "New"), Term(3, "York")])
    text = "the New Yorker and New York"
    assert [(text[s:e], ids) for s, e, ids in m.spans(text)] == [
        ("New", (2,)),
        ("New York", (1,)),
    ]


def test_names_do_not_run_across_lines():
    m = build_matcher([Term(1, "Black Sea"), Term(2, "Sea")])
    text = "Black\nSea views"
    assert [(text[s:e], ids) for s, e, ids in m.spans(text)] == [("Sea", (2,))]


def test_context_only_aliases_count_only_when_the_entity_is_named_otherwise():
    baker, howard = 1, 2
    m = build_matcher(
        [
            Term(baker, "James Baker"),
            Term(baker, "Baker", context_only=True),
            Term(howard, "Howard Baker"),
            Term(howard, "Baker", context_only=True),
        ]
    )
    alone = link_document(m, title="Bread", body_text="Baker said the loaves were late.")
    assert alone.mentions == {} and alone.ambiguous == {}
    named = link_document(m, title="Talks", body_text="James Baker spoke. Baker said more.")
    assert named.mentions[baker].count == 2
    both = link_document(m, title="Two", body_text="James Baker met Howard Baker. Baker left.")
    assert both.mentions[baker].count == 1 and both.ambiguous == {"Baker": (baker, howard)}


def test_an_article_naming_both_candidates_leaves_the_shared_name_unsettled():
    result = link_document(
        build_matcher(TERMS),
        title="Two Georgias",
        body_text="Georgia and Atlanta; Georgia and the North Atlantic Treaty Organization.",
    )
    # Atlanta names the state unambiguously, nothing names the country: settled.
    assert GEORGIA_STATE in result.mentions


def test_nothing_matches_inside_email_addresses(matcher):
    result = link_document(matcher, title="x", body_text="Write to nato@example.org now.")
    assert result.mentions == {}


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


def test_salience_the_linker_gives_rewards_title_and_lead_over_a_passing_mention(matcher):
    filler = "Shipping lanes and insurance premiums shifted over the winter. " * 15
    body = "NATO ministers met again.\n" + filler + "\nNATO said more.\nA line on the Black Sea."
    result = link_document(matcher, title="NATO and its southern flank", body_text=body)
    central, passing = result.mentions[NATO], result.mentions[BLACK_SEA]
    assert 0 <= passing.salience < 0.1 < 0.8 < central.salience <= 1
    assert central.is_about and not passing.is_about


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

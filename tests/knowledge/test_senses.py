"""Senses in context (`knowledge.senses`): cues, full names, headline case, one sense per
occurrence, and the explanation left for editors. Pure: no database."""

import pytest

from dossiers.knowledge.matching import Term, build_matcher, parse_cues
from dossiers.knowledge.mentions import link_document
from dossiers.knowledge.senses import headline_style, read_senses

COUNTRY, PERSON, STATE, WHO, PATRIOT, CITY, PARIS_PERSON = 1, 2, 3, 4, 5, 6, 7


@pytest.fixture(scope="module")
def matcher():
    terms = [
        Term(COUNTRY, "Jordan", case_sensitive=True, cues_against="_ River, Michael _"),
        Term(PERSON, "Jordan Bardella", is_name=True),
        Term(PERSON, "Bardella", context_only=True),
        Term(COUNTRY, "Georgia", cues_for="Tbilisi, _'s president", cues_against="state of _"),
        Term(STATE, "Georgia", cues_for="state of _, Atlanta"),
        Term(WHO, "WHO", case_sensitive=True),
        Term(WHO, "World Health Organization"),
        Term(PATRIOT, "Patriot", case_sensitive=True, cues_for="_ batteries"),
        Term(CITY, "Paris"),
        Term(PARIS_PERSON, "Paris Hilton", is_name=True),
    ]
    types = {
        COUNTRY: "country",
        PERSON: "person",
        STATE: "place",
        WHO: "organisation",
        PATRIOT: "system",
        CITY: "place",
        PARIS_PERSON: "person",
    }
    return build_matcher(terms, types=types)


def link(matcher, title, body):
    return link_document(matcher, title=title, body_text=body)


def test_headline_styles():
    assert headline_style("WHO PAYS FOR DEFENCE IN EUROPE") == "capitals"
    assert headline_style("Why Every Patriot Should Care") == "title case"
    assert headline_style("Poland orders more Patriot batteries") == ""
    assert headline_style("EU") == ""  # too short to tell


def test_cues_are_read_as_editors_write_them():
    assert parse_cues("state of _, _'s president\nTbilisi, ,") == (
        "state of _",
        "_ s president",
        "tbilisi",
    )


def test_a_full_name_claims_its_first_name_over_a_case_sensitive_country(matcher):
    result = link(
        matcher,
        "A rally",
        "Jordan Bardella spoke first.\nLater Jordan said Bardella would not back the loans.",
    )
    assert COUNTRY not in result.mentions
    assert result.mentions[PERSON].count == 3
    assert result.mentions[PERSON].disambiguation == (
        "“Jordan”: the person, named in full in paragraph 1 (“Jordan Bardella”)"
    )


def test_the_country_alone_is_still_the_country(matcher):
    result = link(matcher, "Air defence", "Jordan intercepted the drones.")
    assert set(result.mentions) == {COUNTRY}


def test_a_cue_rules_out_an_alias_no_other_entity_has(matcher):
    result = link(matcher, "Water", "Farmers draw water from the Jordan River.")
    assert COUNTRY not in result.mentions


def test_a_claim_does_not_take_back_what_a_cue_ruled_out(matcher):
    result = link(matcher, "Water", "Jordan Bardella toured the Jordan River valley.")
    assert result.mentions[PERSON].count == 1


def test_one_name_takes_two_senses_in_one_article(matcher):
    result = link(
        matcher,
        "A week of two capitals",
        "Georgia's president in Tbilisi refused to sign.\nIn the state of Georgia, a plant opened.",
    )
    assert result.mentions[COUNTRY].count == 1
    assert result.mentions[STATE].count == 1
    assert result.mentions[STATE].disambiguation == (
        "“Georgia”: the place, by the cue “state of …” in paragraph 2"
    )
    assert result.ambiguous == {}


def test_without_cues_a_shared_name_is_still_left_for_editors(matcher):
    result = link(matcher, "Votes", "Georgia votes on Sunday.")
    assert result.ambiguous == {"Georgia": (COUNTRY, STATE)}


def test_an_acronym_in_a_capitals_headline_needs_the_body(matcher):
    assert WHO not in link(matcher, "WHO PAYS FOR THE DEFENCE LINE", "Allies share it.").mentions
    confirmed = link(matcher, "WHO PAYS FOR VACCINES", "The WHO asked donors again.")
    assert confirmed.mentions[WHO].count == 2
    assert "headline in capitals" in confirmed.mentions[WHO].disambiguation


def test_a_case_sensitive_alias_in_a_title_case_headline_needs_the_body(matcher):
    assert PATRIOT not in link(matcher, "Why Every Patriot Should Care", "Pensions.").mentions
    result = link(matcher, "Poland Orders More Patriot Batteries", "Patriot batteries ship.")
    assert result.mentions[PATRIOT].count == 2


def test_in_a_sentence_case_headline_case_still_means_something(matcher):
    assert PATRIOT in link(matcher, "Poland orders more Patriot systems", "Pensions.").mentions


def test_the_person_named_in_full_claims_a_city_name(matcher):
    result = link(matcher, "Heiress", "A party in town.\nParis Hilton arrived; Paris waved.")
    assert CITY not in result.mentions
    assert result.mentions[PARIS_PERSON].disambiguation == (
        "“Paris”: the person, named in full in paragraph 2 (“Paris Hilton”)"
    )


def test_offsets_of_revised_spans_point_into_the_text(matcher):
    text = "Title\nJordan Bardella met Bardella's aides; Jordan left."
    spans, notes = read_senses(matcher, text, 5)
    assert [text[s:e] for s, e, _ in spans] == ["Jordan Bardella", "Bardella", "Jordan"]
    assert {ids for _, _, ids in spans} == {(PERSON,)}
    assert set(notes) == {PERSON}

"""Reading Reuters-21578 and its knowledge base for `dossiers eval reuters` (no database)."""

import pytest

from dossiers.knowledge.datelines import US, place_parts, us_gazetteer
from dossiers.knowledge.evaluation import (
    NOT_NAMED,
    RULES,
    Rule,
    Story,
    dateline_place,
    frontier,
    judge,
    link_story,
    load_kb,
    predict,
    read_stories,
)

STORY = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="1" NEWID="42">
<PLACES><D>uk</D><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS><D>un</D></ORGS>
<TEXT>&#2;
<TITLE>UNILEVER &lt;UN.A> SAYS U.N. REPORT WELCOME</TITLE>
<DATELINE>    LONDON, March 3 - </DATELINE><BODY>Unilever Plc &lt;UN.A> said a
report by the &lt;Centre on Transnational Corporations> was welcome.
    The U.N. Security Council did not discuss it.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_stories_are_read_with_their_gold_labels_and_without_stock_symbols(tmp_path):
    path = tmp_path / "reut2-000.sgm"
    path.write_text(STORY, encoding="latin-1")
    [story] = read_stories(path)
    assert story.id == "42"
    assert story.gold == {
        "places": frozenset({"uk", "usa"}),
        "orgs": frozenset({"un"}),
        "people": frozenset(),
    }
    assert story.dateline == "LONDON, March 3"
    # "<UN.A>" is Unilever's stock symbol, not the United Nations; bracketed names stay.
    assert "UN.A" not in story.title + story.body
    assert story.title == "UNILEVER SAYS U.N. REPORT WELCOME"
    assert "<Centre on Transnational Corporations>" in story.body
    # Hard-wrapped paragraphs become one line each; the "Reuter" sign-off goes.
    assert story.body.splitlines()[1] == "The U.N. Security Council did not discuss it."
    assert not story.body.endswith("Reuter")


def _story(title: str, body: str, dateline: str = "WASHINGTON, March 3") -> Story:
    return Story(
        "1",
        title,
        dateline,
        body,
        {"places": frozenset(), "orgs": frozenset(), "people": frozenset()},
    )


def _labels(kb, story: Story) -> set[str]:
    return {kb.labels[pk][1] for pk in link_story(kb, story).mentions}


@pytest.mark.parametrize(
    ("body", "present", "absent"),
    [
        # The White House's National Security Council is not the U.N.'s.
        ("A former National Security Council aide testified.", set(), {"un"}),
        ("The U.N. Security Council met.", {"un"}, set()),
        # Spelling variants of organisations' names.
        ("The Organisation for Economic Co-operation and Development said so.", {"oecd"}, set()),
        ("Ministers of the Gulf Co-operation Council met.", {"gcc"}, set()),
        # "AID" alone is a word in headlines and prose; it counts only with the full name.
        ("Farm AID is up.", set(), {"aid"}),
        ("The Agency for International Development (AID) said AID would pay.", {"aid"}, set()),
        # Two Bakers: a role tells them apart without a first name.
        ("Treasury Secretary Baker said the dollar was stable.", {"james-baker"}, {"howard-baker"}),
        ("White House chief of staff Baker said Reagan would speak.", {"howard-baker"}, set()),
        # A surname shared by both Bakers, alone, names nobody.
        ("Baker said the talks went well.", set(), {"james-baker", "howard-baker"}),
    ],
)
def test_knowledge_base_aliases(kb, body, present, absent):
    found = _labels(kb, _story("NEWS IN BRIEF", body))
    assert present <= found
    assert not absent & found


def test_title_only_story_names_the_person_by_role(kb):
    story = _story("TREASURY'S BAKER SAYS G-6 PACT IS A START", "", dateline="")
    assert "james-baker" in predict(kb, story)["people"]


def test_rules_count_only_the_conditions_they_set(kb):
    story = _story("OPEC OUTPUT STEADY", "Output was steady, traders said. OPEC met.")
    assert "opec" in predict(kb, story)["orgs"]  # in the title
    assert "opec" not in predict(kb, story, {**RULES, "orgs": Rule(title=False)})["orgs"]
    assert "opec" in predict(kb, story, {**RULES, "orgs": Rule(title=False, min_count=2)})["orgs"]


# Written for these tests: a story the indexers bypassed, and two in raw wire form.
BYPASSED = STORY.replace('TOPICS="YES"', 'TOPICS="BYPASS"').replace('NEWID="42"', 'NEWID="43"')
UNPROC = """<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5" NEWID="44">
<PLACES><D>zambia</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<TEXT TYPE="UNPROC">&#2;
ZAMBIA COPPER OUTPUT SEEN HIGHER LUSAKA, April 2
- Zambia's copper output will rise this year, the mines ministry said.
 Reuter
&#3;</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="6" NEWID="45">
<PLACES><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<TEXT TYPE="UNPROC">&#2;
GRAIN ELEVATOR REPORT
    REPEAT OF EARLIER ITEM
    DULUTH, Minn., April 2 - Stocks at the lake elevators fell.
 Reuter
&#3;</TEXT>
</REUTERS>
"""


def test_bypassed_stories_are_left_out_and_unprocessed_ones_are_read(tmp_path):
    path = tmp_path / "reut2-000.sgm"
    path.write_text(STORY + BYPASSED + UNPROC, encoding="latin-1")
    assert [s.id for s in read_stories(path)] == ["42", "44", "45"]
    assert [s.id for s in read_stories(path, labelled_only=False)] == ["42", "43", "44", "45"]
    _, zambia, grain = read_stories(path)
    # The dateline ends the headline's line: both in capitals, the place is the last word.
    assert zambia.title == "ZAMBIA COPPER OUTPUT SEEN HIGHER"
    assert zambia.dateline == "LUSAKA, April 2"
    assert zambia.body.startswith("Zambia's copper output will rise")
    assert grain.title == "GRAIN ELEVATOR REPORT"
    assert grain.dateline == "DULUTH, Minn., April 2"
    assert grain.body.splitlines() == [
        "REPEAT OF EARLIER ITEM",
        "Stocks at the lake elevators fell.",
    ]


@pytest.mark.parametrize(
    ("dateline", "country"),
    [
        ("WAYZATA, Minn., March 3", US),  # a state's wire abbreviation
        ("BATON ROUGE, La., March 3", US),
        ("HORSHAM, Penn., March 3", US),
        ("CHEYENNE, Wyo.", US),
        ("SPOKANE, Washington, March 3", US),
        ("ANGLETON, March 3", US),  # a town of GeoNames' table
        ("ST LOUIS, March 3", US),
        ("PORTLAND, March 3", US),  # bigger than its namesakes abroad
        ("BIRMINGHAM, March 3", None),  # the English one is bigger
        ("PARIS, March 3", None),
        ("HALIFAX, Nova Scotia, March 3", None),
        ("", None),
    ],
)
def test_the_dateline_gazetteer_knows_small_us_towns_and_states(dateline, country):
    assert us_gazetteer().country(dateline) == country


def test_dateline_parts_drop_the_date():
    assert place_parts("BATON ROUGE, La., March 3") == ["BATON ROUGE", "La."]
    assert place_parts("LONDON, Feb 27") == ["LONDON"]


def test_the_gazetteer_only_speaks_when_the_knowledge_base_names_no_place(kb):
    assert dateline_place(kb, "ANGLETON, Texas, March 3") is None  # "Texas" is in the KB
    assert dateline_place(kb, "ANGLETON, March 3") == "usa"
    assert dateline_place(kb, "LONDON, March 3") is None
    story = _story("PLANT TO CLOSE", "The plant will close.", dateline="ANGLETON, March 3")
    assert predict(kb, story)["places"] == {"usa"}
    assert ("places", "usa", "dateline gazetteer", True) in judge(kb, story)


def test_a_roster_names_each_of_its_people_once_and_each_is_a_label(kb):
    body = (
        "The talks were with Treasury Secretary James Baker, Federal Reserve chairman "
        "Paul Volcker, IMF managing director Michel Camdessus and Bundesbank president "
        "Karl Otto Poehl.\nLater, officials said little."
    )
    story = _story("DEBT TALKS GO ON", body)
    people = predict(kb, story)["people"]
    assert people == {"james-baker", "volcker", "camdessus", "poehl"}
    assert {evidence for family, _, evidence, _ in judge(kb, story) if family == "people"} == {
        "roster"
    }
    # Named in different sentences, each once: no roster, no label.
    apart = _story(
        "DEBT TALKS GO ON", body.replace(", Federal", ". Federal").replace(", IMF", ". IMF")
    )
    assert not predict(kb, apart)["people"] & {"james-baker", "volcker"}


def test_the_frontier_takes_the_most_precise_evidence_first():
    evidence = {
        ("orgs", "title"): [9, 10],
        ("orgs", "count"): [6, 10],
        ("orgs", "body once"): [2, 10],
        ("orgs", NOT_NAMED): [3, 3],
    }
    # 20 gold labels: the title alone is P 0.9, R 0.45; with "count", P 0.75.
    precision, recall, _f1, kinds = frontier(evidence, "orgs", 0.85)
    assert (precision, recall, kinds) == (0.9, 0.45, ["title"])
    assert frontier(evidence, "orgs", 0.7)[3] == ["title", "count"]

"""Reading Reuters-21578 and its knowledge base for `dossiers eval reuters` (no database)."""

import pytest

from dossiers.knowledge.evaluation import (
    RULES,
    Rule,
    Story,
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

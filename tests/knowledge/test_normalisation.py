"""Normalisation: a name written with invisible characters, decomposed accents, ligatures
or any dash and apostrophe still matches, and its offsets point into the original text.
Property tests (hypothesis) over generated names; no database."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from dossiers.knowledge.folding import fold, normalize, unify
from dossiers.knowledge.matching import Term, build_matcher
from dossiers.search.query import clean_text, parse_query

INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
DASHES = [
    "-",
    "\u2010",
    "\u2011",
    "\u2012",
    "\u2013",
    "\u2014",
    "\u2015",
    "\u2212",
    "\ufe63",
    "\uff0d",
]
APOSTROPHES = ["'", "\u2019", "\u2018", "\u02bc", "\u02bb", "\u2032", "\uff07", "`", "\u00b4"]
LETTERS = "abcdefghijklmnoprstuvyzäöüéèçñşğıłøåâ"


def word() -> st.SearchStrategy[str]:
    return st.text(alphabet=LETTERS, min_size=2, max_size=9).map(str.capitalize)


# A name: two or three words joined by a space, a dash or an apostrophe ("Shahed-136" style).
names = st.lists(st.tuples(word(), st.sampled_from([" ", "-", "'"])), min_size=2, max_size=3).map(
    lambda parts: "".join(w + sep for w, sep in parts[:-1]) + parts[-1][0]
)


@st.composite
def written(draw: st.DrawFn, name: str) -> str:
    """The name as a writer might type it: same letters, other code points."""
    out: list[str] = []
    for index, char in enumerate(name):
        if char == "-":
            out.append(draw(st.sampled_from(DASHES)))
        elif char == "'":
            out.append(draw(st.sampled_from(APOSTROPHES)))
        elif char == " ":
            out.append(" ")
        else:
            if draw(st.booleans()):
                char = unicodedata.normalize("NFD", char)  # "u" + U+0308 for "ü"
            out.append(char)
            inside = 0 < index < len(name) - 1 and name[index + 1].isalpha()
            if inside and draw(st.integers(0, 3)) == 0:
                out.append(draw(st.sampled_from(INVISIBLE)))
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), name=names)
def test_any_written_form_of_a_name_matches_with_its_offsets(data, name):
    variant = data.draw(written(name))
    matcher = build_matcher([Term(1, name)])
    text = f"Before it, {variant} came; after."
    start = text.index(variant)
    assert matcher.spans(text) == [(start, start + len(variant), (1,))], (name, variant)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), name=names)
def test_the_name_written_oddly_matches_the_text_written_plainly(data, name):
    """The other way round: the alias has the odd code points, the article is plain."""
    variant = data.draw(written(name))
    matcher = build_matcher([Term(1, variant)])
    text = f"Before it, {name} came."
    start = text.index(name)
    assert matcher.spans(text) == [(start, start + len(name), (1,))], (name, variant)


def test_unify_maps_every_character_back():
    text = "Tu\u0308r\u00adkiye \ufb01nal"
    unified, where = unify(text)
    assert unified == "Turkiye final"
    assert where is not None and len(where) == len(unified) + 1
    assert [text[where[i]] for i in range(4)] == ["T", "u", "r", "k"]
    assert text[where[8]] == "\ufb01" and text[where[9]] == "\ufb01"  # "fi" from one ligature
    assert unify("plain ascii") == ("plain ascii", None)


def test_case_sensitive_acronym_with_a_soft_hyphen_keeps_its_case_rule():
    matcher = build_matcher([Term(1, "NATO", case_sensitive=True)])
    assert [ids for _, _, ids in matcher.spans("NA\u00adTO allies")] == [(1,)]
    assert matcher.spans("na\u00adto allies") == []


def test_fold_treats_a_minus_sign_and_modifier_apostrophes_as_punctuation():
    assert fold("Shahed\u2212136") == "shahed 136"
    assert fold("NATO\u02bcs") == "nato s"
    assert fold("Ｎａｔｏ") == "nato"


def test_search_reads_queries_with_the_same_normalisation():
    assert normalize("Tu\u0308r\u00adkiye") == "Türkiye"
    assert clean_text("Tür\u200bkiye") == "Türkiye"
    assert parse_query("T\u00fcr\u00adkiye NATO").words == ("türkiye", "nato")

"""Reading what a reader typed (no database)."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossiers.search.backends.base import (
    KEY_SLOTS,
    MARK_CLOSE,
    MARK_OPEN,
    IndexDocument,
    assign_keys,
    snippet_html,
    sort_key,
)
from dossiers.search.params import read_params
from dossiers.search.query import (
    MAX_QUERY_CHARS,
    MAX_WORDS,
    Phrase,
    parse_query,
    prefix_options,
    with_other_names,
)
from dossiers.search.syntax import fts5_query, has_phrases, pg_tsquery


def options(parsed):
    return [[(p.words, p.prefix) for p in clause.options] for clause in parsed.clauses]


def test_words_are_clauses_and_the_last_bare_word_is_also_a_prefix():
    parsed = parse_query("Strategic auton")
    assert options(parsed) == [[(("strategic",), False)], [(("auton",), True)]]
    assert parsed.message == ""
    assert parsed.text == "strategic auton"


def test_quoted_words_are_a_phrase_without_prefix_and_keep_stop_words():
    parsed = parse_query("“strait of Hormuz”")
    assert options(parsed) == [[(("strait", "of", "hormuz"), False)]]
    assert parsed.text == "“strait of hormuz”"
    assert has_phrases(parsed)


def test_inner_punctuation_makes_a_phrase_of_the_parts():
    assert options(parse_query("S-400 U.S."))[0] == [(("s", "400"), False)]
    assert options(parse_query("S-400 U.S."))[1] == [(("u", "s"), False)]


def test_an_unclosed_quote_runs_to_the_end_with_a_note():
    parsed = parse_query('drones "strategic autonomy')
    assert options(parsed)[1] == [(("strategic", "autonomy"), False)]
    assert "quotation mark was not closed" in parsed.message


def test_bare_stop_words_are_dropped_but_capitals_stay():
    assert parse_query("the strait of hormuz").words == ("strait", "hormuz")
    assert parse_query("US sanctions").words == ("us", "sanctions")
    only_common = parse_query("the of and")
    assert not only_common.searchable
    assert "too common" in only_common.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Type a word"),
        ("   ", "Type a word"),
        ("*** ^ : ( ) -- ;", "only punctuation"),
        ('""', "only punctuation"),
        ("x" * (MAX_QUERY_CHARS + 1), "characters long"),
    ],
)
def test_what_cannot_be_searched_gets_a_message(text, expected):
    parsed = parse_query(text)
    assert not parsed.searchable
    assert expected in parsed.message


def test_ten_thousand_characters_are_refused_with_their_length():
    parsed = parse_query("a" * 10_000)
    assert "10,000 characters" in parsed.message
    assert not parsed.searchable


def test_too_many_words_keep_the_first_ones_with_a_note():
    parsed = parse_query(" ".join(f"word{i}" for i in range(30)))
    assert len(parsed.words) == MAX_WORDS
    assert f"first {MAX_WORDS} words" in parsed.message


def test_control_characters_and_nul_bytes_are_separators():
    assert parse_query("drone\x00swarm\u200b").words == ("drone", "swarm")


def test_syntax_of_either_engine_is_only_words():
    parsed = parse_query("'\" OR 1=1 -- NEAR(a b) title:x col:* ^start a AND b")
    assert set(parsed.words) <= {"or", "1", "near", "a", "b", "title", "x", "col", "start", "and"}


def test_prefix_options_undo_a_stemmers_cut():
    assert prefix_options("strategi") == ["strateg"]
    assert prefix_options("deterren") == ["deterre", "deterr"]
    assert prefix_options("auton") == []  # "auto" would be a different word
    assert prefix_options("x1234567") == []


def test_other_names_become_alternatives_of_the_clauses_they_cover():
    parsed = parse_query("strategic autonomy drones")
    expanded = with_other_names(
        parsed, start=0, end=2, names=[("eu", "defense", "integration"), ("strategic", "autonomy")]
    )
    assert options(expanded)[0] == [
        (("strategic", "autonomy"), False),
        (("eu", "defense", "integration"), False),
    ]
    assert options(expanded)[1] == [(("drones",), True), (("drone",), False)]
    # A span that cuts a phrase leaves the query alone.
    quoted = parse_query('"strategic autonomy" drones')
    assert with_other_names(quoted, start=1, end=3, names=[("x",)]) == quoted


def test_a_common_word_standing_for_a_name_is_replaced_by_its_other_names():
    parsed = parse_query("US sanctions")
    expanded = with_other_names(
        parsed, start=0, end=1, names=[("united", "states")], keep_typed=False
    )
    assert options(expanded)[0] == [(("united", "states"), False)]


def test_fts5_syntax_quotes_every_word():
    parsed = parse_query('"strategic autonomy" auton')
    assert fts5_query(parsed) == '"strategic autonomy" AND "auton" *'
    assert fts5_query(parsed, strict=False) == '("strategic" AND "autonomy") AND "auton" *'
    expanded = with_other_names(parse_query("turkiye"), start=0, end=1, names=[("turkey",)])
    assert fts5_query(expanded) == '("turkiye" * OR "turkiy" OR "turkey")'


def test_postgres_syntax_is_functions_of_parameters():
    parsed = parse_query('"strategic autonomy" auton')
    sql, params = pg_tsquery(parsed, config="dossiers_search")
    assert sql == ("(websearch_to_tsquery(%s::regconfig, %s) && to_tsquery(%s::regconfig, %s))")
    assert params == ["dossiers_search", '"strategic autonomy"', "dossiers_search", "'auton':*"]
    _, loose_params = pg_tsquery(parsed, config="c", strict=False)
    assert loose_params[1] == '"strategic" "autonomy"'


QUERY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300) | st.sampled_from(
    ['"', "'", "*", "^", "NEAR(", "title:", "\x00", '" OR 1=1 --', "a:*|!"]
)


@settings(max_examples=400, deadline=None)
@given(QUERY_TEXT)
def test_any_text_parses_into_words_only(text):
    parsed = parse_query(text)
    assert parsed.searchable or parsed.message
    for phrase in (p for clause in parsed.clauses for p in clause.options):
        assert isinstance(phrase, Phrase)
        for word in phrase.words:
            assert word and all(char.isalnum() for char in word)
    fts = fts5_query(parsed)
    # Outside its quoted words, an FTS5 query is only AND, OR, brackets and prefix stars.
    assert re.fullmatch(r'(?:"[^"]*"| |\*|AND|OR|\(|\))*', fts)
    sql, params = pg_tsquery(parsed, config="c")
    assert "%s" not in "".join(params)
    assert sql.count("%s") == len(params)


def test_snippet_html_escapes_text_and_balances_marks():
    raw = f"<script>x</script> {MARK_OPEN}drone{MARK_CLOSE} {MARK_CLOSE}a{MARK_OPEN}b"
    assert snippet_html(raw) == (
        "&lt;script&gt;x&lt;/script&gt; <mark>drone</mark> a<mark>b</mark>"
    )


def test_sort_keys_order_by_second_then_stay_unique_within_it():
    import datetime as dt

    moment = dt.datetime(2025, 5, 1, 12, 0, 0, 500, tzinfo=dt.UTC)
    assert sort_key(moment, 7) < sort_key(moment + dt.timedelta(seconds=1), 3)
    documents = [
        IndexDocument(1, "", "", "", moment),
        IndexDocument(1 + KEY_SLOTS, "", "", "", moment),  # same low bits
        IndexDocument(5, "", "", "", dt.datetime(1901, 1, 1, tzinfo=dt.UTC)),
    ]
    taken: set[int] = set()
    keys = assign_keys(documents, kept={}, taken=taken)
    assert len(set(keys.values())) == 3 == len(taken)
    assert keys[1] // KEY_SLOTS == keys[1 + KEY_SLOTS] // KEY_SLOTS
    assert keys[5] < 0


def test_form_values_are_read_strictly():
    params = read_params(
        {"q": "drones\x00", "hub": "a b", "from": "2025-13-01", "to": "2025-02-01"}
    )
    assert params.q == "drones"
    assert params.hub == ""
    assert params.date_to is not None and params.date_from is None
    assert len(params.problems) == 2
    assert params.query_string(page=2) == "q=drones&hub=a+b&from=2025-13-01&to=2025-02-01&page=2"


@pytest.mark.parametrize(
    ("word", "prefix"),
    [("aut", False), ("mos", False), ("ties", False), ("auto", True), ("drones", True)],
)
def test_short_last_words_are_whole_words(word, prefix):
    assert parse_query(f"strategic {word}").clauses[-1].options[0].prefix is prefix

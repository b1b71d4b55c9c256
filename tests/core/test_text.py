import pytest

from dossiers.core.text import (
    join_human,
    pluralize,
    summary_from_text,
    truncate_words,
    unique_slug,
    word_count,
)


def test_word_count_counts_hyphenated_and_apostrophe_words_once():
    assert word_count("NATO's southern flank is well-known, isn’t it?") == 7


def test_truncate_words_adds_an_ellipsis_only_when_cut():
    assert truncate_words("one two three", 5) == "one two three"
    assert truncate_words("one two, three four", 2) == "one two…"


def test_summary_keeps_whole_sentences_within_the_limit():
    text = "First sentence here. Second one follows. " + "word " * 100
    assert summary_from_text(text, words=6) == "First sentence here. Second one follows."


def test_unique_slug_suffixes_taken_slugs():
    taken = {"turkey-nato", "turkey-nato-2"}
    assert unique_slug("Turkey NATO", exists=taken.__contains__) == "turkey-nato-3"
    assert unique_slug("!!!", exists=lambda s: False) == "item"


@pytest.mark.parametrize(
    ("items", "expected"),
    [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")],
)
def test_join_human(items, expected):
    assert join_human(items) == expected


def test_pluralize_singular_and_plural():
    assert pluralize(0, "Comment") == "0 Comments"
    assert pluralize(1, "Comment") == "1 Comment"
    assert pluralize(2, "analysis", "analyses") == "2 analyses"

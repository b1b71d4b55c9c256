import pytest

from dossiers.core.markdown import lead_paragraph
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
    text = "First sentence here. Second one follows. " + "Then " + "words " * 100
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


def test_summary_ends_on_a_whole_sentence_and_keeps_abbreviations():
    text = (
        "The navy moved two frigates, e.g. the older pair, to the strait. "
        "Officials said little. " + "More detail follows in a long third sentence " * 5 + "."
    )
    assert summary_from_text(text, words=20) == (
        "The navy moved two frigates, e.g. the older pair, to the strait. Officials said little."
    )


def test_lead_paragraph_skips_headings_lists_quotes_and_labels():
    html = (
        "<h2>Background</h2><p>Updated: Monday</p><ul><li><p>a list item that is long "
        "enough to count as a paragraph of words</p></li></ul><blockquote><p>A quotation "
        "that is long enough to count as a paragraph too.</p></blockquote>"
        "<p>The first real paragraph says what the piece argues, in enough words.</p>"
    )
    assert lead_paragraph(html) == (
        "The first real paragraph says what the piece argues, in enough words."
    )
    assert lead_paragraph("<h2>Only a heading</h2>") == ""

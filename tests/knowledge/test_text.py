"""Article HTML in and out of the linker (no database)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from dossiers.core.markdown import render_article_markdown
from dossiers.knowledge.text import EntityLink, _tidy, link_first_mentions, linkable_text
from tests.conftest import HTMLParser

NATO = EntityLink("NATO", "/entities/nato/", "NATO")
TURKEY = EntityLink("Türkiye", "/entities/turkey/", "Turkey")


def html(markdown: str) -> str:
    return render_article_markdown(markdown)


def test_linkable_text_drops_links_code_and_tags_and_keeps_one_line_per_block():
    fragment = html(
        "## NATO summit\n\nSee [NATO](https://example.org) and `NATO()`.\n\n"
        "```\nNATO\n```\n\n- one\n- two &amp; three"
    )
    assert linkable_text(fragment) == "NATO summit\nSee and .\none\ntwo & three"


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab \t\r\xa0\u2028\u3000\u200b\x1c\x00é"), max_size=30)
    | st.text(max_size=30)
)
def test_lines_are_tidied_exactly_as_splitting_them_into_words_would(line):
    # The fast path for lines that are tidy already must not change what the matcher sees.
    assert _tidy(line) == " ".join(line.split())


def test_the_first_mention_of_each_entity_is_linked_once():
    fragment = html("NATO met. NATO again.\n\nTurkiye's view: Türkiye agrees.")
    linked = HTMLParser(link_first_mentions(fragment, [NATO, TURKEY]))
    anchors = [(a.text(), a.attributes["href"]) for a in linked.css("a.entity-link")]
    assert anchors == [("NATO", "/entities/nato/"), ("Turkiye", "/entities/turkey/")]


def test_no_link_inside_existing_links_code_or_headings():
    fragment = html(
        "## NATO\n\nRead [NATO news](https://example.org/n) or `NATO`.\n\nLater, NATO acts."
    )
    linked = link_first_mentions(fragment, [NATO])
    tree = HTMLParser(linked)
    entity_links = tree.css("a.entity-link")
    assert len(entity_links) == 1
    assert entity_links[0].parent.tag == "p" and "Later" in entity_links[0].parent.text()
    assert tree.css_first("h2").text() == "NATO"


def test_words_that_only_contain_the_name_are_not_linked_and_text_is_escaped():
    fragment = html("NATOland &lt;b&gt; is not NATO.")
    linked = link_first_mentions(fragment, [NATO])
    assert "NATOland" in linked and "&lt;b&gt;" in linked
    assert linked.count('class="entity-link"') == 1


def test_nothing_changes_without_links_or_matches():
    fragment = html("Plain text.")
    assert link_first_mentions(fragment, []) == fragment
    assert link_first_mentions(fragment, [NATO]) == fragment

import pytest

from dossiers.core.frontmatter import FrontMatterError, split_front_matter


def test_front_matter_is_split_from_the_body():
    meta, body = split_front_matter("---\ntitle: Hello\ntags: [a, b]\n---\n\nBody text\n")
    assert meta == {"title": "Hello", "tags": ["a", "b"]}
    assert body == "Body text\n"


def test_documents_without_front_matter_are_all_body():
    assert split_front_matter("Just text") == ({}, "Just text")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: [\n---\nx", "not valid YAML"),
        ("---\n- a\n---\nx", "mapping"),
        ("---\ntitle: x\n", "never closed"),
    ],
)
def test_broken_front_matter_says_what_is_wrong(text, message):
    with pytest.raises(FrontMatterError, match=message):
        split_front_matter(text)

"""Any CSV or YAML file given to the knowledge-base import reads as entities or is refused
with a message; nothing else escapes, and a refused file changes nothing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossiers.knowledge.exchange import (
    KnowledgeImportError,
    entities_export,
    entities_import,
    export_csv,
    export_yaml,
    parse_file,
)
from dossiers.knowledge.models import Entity
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

# Known crashes, kept as examples: a date that does not exist, aliases that are not a
# list, a CSV field over the csv module's 128 KB limit, a bare carriage return, NUL.
KNOWN = [
    ("kb.yaml", b"- name: 2021-02-30\n  type: country\n"),
    ("kb.yaml", b"- name: X\n  type: country\n  aliases: 5\n"),
    ("kb.yaml", b"- name: X\n  type: country\n  aliases: [1, true, {text: [a]}]\n"),
    ("kb.yaml", b"[" * 5000),
    ("kb.csv", b"name,type\n" + b"x" * 200_000 + b",country\n"),
    ("kb.csv", b'name,type\r"a\rb",country\r'),
    ("kb.csv", b"name,type\nX\x00,country\n"),
    ("kb.csv", b'name,type\n"unclosed,country\n'),
]


def read_and_import(name: str, content: bytes) -> None:
    before = Entity.objects.count()
    try:
        records = parse_file(name, content)
        entities_import(records)
    except KnowledgeImportError as error:
        assert str(error)
        assert Entity.objects.count() == before  # refused: nothing written


@pytest.mark.parametrize(("name", "content"), KNOWN)
def test_known_bad_files_are_refused_with_a_message(name, content):
    read_and_import(name, content)


@pytest.fixture
def exported():
    EntityFactory(name="Turkey", type="country", aliases=["Türkiye", "TR"])
    EntityFactory(name="NATO", type="organisation", aliases=["North Atlantic Alliance"])
    records = entities_export()
    return {"kb.csv": export_csv(records).encode(), "kb.yaml": export_yaml(records).encode()}


FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(
    name=st.sampled_from(["kb.csv", "kb.yaml"]),
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.binary(max_size=8)), max_size=6),
)
def test_mutated_exports_are_imported_or_refused(exported, name, edits):
    content = bytearray(exported[name])
    for position, insert in edits:
        at = position % (len(content) + 1)
        content[at : at + len(insert) // 2] = insert
    read_and_import(name, bytes(content))


@FUZZ
@given(name=st.sampled_from(["kb.csv", "kb.yaml", "kb.txt"]), content=st.binary(max_size=300))
def test_any_bytes_are_imported_or_refused(db, name, content):
    read_and_import(name, content)

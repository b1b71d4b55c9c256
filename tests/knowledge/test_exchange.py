"""Wikidata import (the real fixture files), CSV and YAML export and import."""

import bz2
import gzip
import shutil

import pytest

from dossiers.knowledge.exchange import (
    KnowledgeImportError,
    entities_export,
    entities_import,
    export_csv,
    export_yaml,
    parse_csv,
    parse_file,
    parse_yaml,
    wikidata_import,
)
from dossiers.knowledge.models import Alias, Entity, RelinkJob
from dossiers.knowledge.wikidata import Problem, WikidataEntity, read_wikidata
from tests.factories import EntityFactory

WIKIDATA_FILES = [
    "dump-excerpt-latest-all.first50lines.json",
    "entity-Q42-douglas-adams.qwikidata.json",
    "entitydata-P434-musicbrainz-artist-id.json",
    "entitydata-Q1299-the-beatles.json",
    "entitydata-Q20145-iu.json",
    "entitydata-Q8646-hong-kong.json",
    "mock-dump-for-testing.wdtk.json",
    "mock-dump-with-bugs.wdtk.json",
    "wbgetentities-Q6-Q42-P31.wdtk.json",
    "wbsearchentities-abc.wdtk.json",
]


def read(path):
    items = list(read_wikidata(path))
    return (
        [i for i in items if isinstance(i, WikidataEntity)],
        [i for i in items if isinstance(i, Problem)],
    )


@pytest.mark.parametrize("name", WIKIDATA_FILES)
def test_every_fixture_file_reads_without_raising(fixtures_dir, name):
    entities, problems = read(fixtures_dir / "wikidata" / name)
    assert entities or problems
    for entity in entities:
        assert entity.qid.startswith("Q") and entity.name


def test_the_dump_excerpt_gives_its_english_labels_descriptions_aliases_and_types(fixtures_dir):
    dump = fixtures_dir / "wikidata" / "dump-excerpt-latest-all.first50lines.json"
    entities, problems = read(dump)
    by_id = {e.qid: e for e in entities}
    assert len(entities) == 49 and problems == []
    assert by_id["Q142"].name == "France" and by_id["Q142"].type == "country"
    assert by_id["Q31"].definition  # Belgium has an English description
    assert by_id["Q142"].line > 1  # line numbers count from the file's first line, "["


def test_entitydata_keeps_real_aliases_and_drops_an_emoji_flag(fixtures_dir):
    entities, _ = read(fixtures_dir / "wikidata" / "entitydata-Q8646-hong-kong.json")
    (hong_kong,) = entities
    assert hong_kong.qid == "Q8646" and hong_kong.name == "Hong Kong"
    assert "HKSAR" in hong_kong.aliases
    assert all(any(c.isalnum() for c in alias) for alias in hong_kong.aliases)


def test_edge_cases_are_reported_not_fatal(fixtures_dir):
    _, problems = read(fixtures_dir / "wikidata" / "wbgetentities-Q6-Q42-P31.wdtk.json")
    messages = " ".join(p.message for p in problems)
    assert "Q6 is marked missing" in messages and "P31 is a property" in messages
    _, problems = read(fixtures_dir / "wikidata" / "mock-dump-with-bugs.wdtk.json")
    assert any("no English label" in p.message for p in problems)  # labels: [] (the dump bug)
    _, problems = read(fixtures_dir / "wikidata" / "wbsearchentities-abc.wdtk.json")
    assert "search answer" in problems[0].message
    _, problems = read(fixtures_dir / "wikidata" / "mock-dump-for-testing.wdtk.json")
    assert any("lexeme" in p.message for p in problems)


def test_malformed_lines_are_reported_with_their_line_number(tmp_path, fixtures_dir):
    lines = (fixtures_dir / "wikidata" / "dump-excerpt-latest-all.first50lines.json").read_text()
    lines = lines.splitlines()
    lines[3] = lines[3][:50]  # a cut line
    path = tmp_path / "broken.json"
    path.write_text("\n".join(lines))
    entities, problems = read(path)
    assert len(entities) == 48
    assert [p.line for p in problems] == [4] and "not valid JSON" in problems[0].message


@pytest.mark.parametrize("opener", [gzip.open, bz2.open], ids=["gz", "bz2"])
def test_compressed_dumps_are_read(tmp_path, fixtures_dir, opener):
    source = fixtures_dir / "wikidata" / "dump-excerpt-latest-all.first50lines.json"
    suffix = ".gz" if opener is gzip.open else ".bz2"
    target = tmp_path / f"dump.json{suffix}"
    with source.open("rb") as raw, opener(target, "wb") as packed:
        shutil.copyfileobj(raw, packed)
    entities, problems = read(target)
    assert len(entities) == 49 and problems == []


def test_a_truncated_gzip_keeps_what_was_read(tmp_path, fixtures_dir):
    source = fixtures_dir / "wikidata" / "dump-excerpt-latest-all.first50lines.json"
    target = tmp_path / "dump.json.gz"
    target.write_bytes(gzip.compress(source.read_bytes())[:200_000])
    entities, problems = read(target)
    assert 0 < len(entities) < 49 and problems


@pytest.mark.django_db
def test_import_creates_entities_idempotently_and_keeps_editors_work(
    fixtures_dir, django_capture_on_commit_callbacks
):
    path = fixtures_dir / "wikidata" / "dump-excerpt-latest-all.first50lines.json"

    def committed_import(path):  # as a command runs it: each import commits
        with django_capture_on_commit_callbacks(execute=True):
            return wikidata_import(path)

    first = committed_import(path)
    assert (first.created, first.updated) == (49, 0)
    france = Entity.objects.get(wikidata_id="Q142")
    assert france.same_as == ["http://www.wikidata.org/entity/Q142"]
    france.name = "France (edited)"
    france.definition = "Our own definition."
    france.save()
    second = committed_import(path)
    # France keeps its editors' name and definition and gains "France" as an alias.
    assert (second.created, second.updated, second.unchanged) == (0, 1, 48)
    france.refresh_from_db()
    assert (france.name, france.definition) == ("France (edited)", "Our own definition.")
    assert france.aliases.filter(text="France").exists()
    third = committed_import(path)
    assert (third.created, third.updated, third.unchanged) == (0, 0, 49)
    assert Entity.objects.count() == 49
    # A re-link was queued after the imports that changed something, not after the third.
    assert RelinkJob.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("name", WIKIDATA_FILES)
def test_importing_every_fixture_file_never_fails(fixtures_dir, name):
    report = wikidata_import(fixtures_dir / "wikidata" / name)
    assert report.created + report.unchanged + len(report.problems) > 0


@pytest.mark.django_db
def test_an_existing_entity_with_the_same_qid_gains_missing_aliases(fixtures_dir):
    entity = EntityFactory(name="Hong Kong SAR", same_as=["https://www.wikidata.org/wiki/Q8646"])
    report = wikidata_import(fixtures_dir / "wikidata" / "entitydata-Q8646-hong-kong.json")
    assert (report.created, report.updated) == (0, 1)
    aliases = set(Alias.objects.filter(entity=entity).values_list("text", flat=True))
    assert {"HKSAR", "Hong Kong"} <= aliases
    entity.refresh_from_db()
    assert entity.same_as == ["https://www.wikidata.org/wiki/Q8646"]  # not duplicated


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "yaml"])
def test_export_and_import_round_trip(fmt):
    from dossiers.knowledge.services import AliasInput

    EntityFactory(
        name="Baltic Sentry",
        type="programme",
        aliases=[
            "Operation Baltic Sentry",
            AliasInput("BS", True),
            AliasInput("Sentry", None, True),
        ],
        same_as=["https://www.wikidata.org/wiki/Q1"],
    )
    records = entities_export()
    text = export_csv(records) if fmt == "csv" else export_yaml(records)
    Entity.objects.all().delete()
    report = entities_import(parse_file(f"kb.{fmt}", text.encode()))
    assert report.created == 1
    assert entities_export() == records


@pytest.mark.django_db
def test_a_bad_row_imports_nothing_and_names_the_row():
    text = "name,type\nGood one,concept\n,concept\nBad type,weapon\n"
    with pytest.raises(KnowledgeImportError) as error:
        entities_import(parse_csv(text))
    assert "row 3: the name is empty" in str(error.value)
    assert "row 4: type 'weapon'" in str(error.value)
    assert not Entity.objects.exists()


def test_unreadable_files_are_refused_with_a_reason():
    with pytest.raises(KnowledgeImportError, match="not valid YAML"):
        parse_yaml("- name: [unclosed")
    with pytest.raises(KnowledgeImportError, match="must be a list"):
        parse_yaml("name: x")
    with pytest.raises(KnowledgeImportError, match="lacks the column"):
        parse_csv("title\nx\n")
    with pytest.raises(KnowledgeImportError, match="not UTF-8"):
        parse_file("kb.csv", b"\xff\xfe\x00")
    with pytest.raises(KnowledgeImportError, match=r"\.csv, \.yaml"):
        parse_file("kb.txt", b"")

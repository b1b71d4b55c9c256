"""The knowledge base round-trips through CSV and YAML: every field of every entity and
alias comes back as it was, case sensitivity included; `--dry-run` reports and saves
nothing."""

import io

import pytest
from django.core.management import call_command

from dossiers.knowledge.exchange import (
    KnowledgeImportError,
    entities_export,
    entities_import,
    export_csv,
    export_yaml,
    parse_csv,
    parse_file,
    parse_yaml,
)
from dossiers.knowledge.linking import knowledge_terms
from dossiers.knowledge.models import Alias, Entity, KnowledgeVersion
from dossiers.knowledge.services import AliasInput, entity_save

ENTITY_FIELDS = ("slug", "name", "match_name", "type", "definition", "description")
ENTITY_FIELDS += ("same_as", "wikidata_id")
ALIAS_FIELDS = ("text", "case_sensitive", "context_only", "cues_for", "cues_against", "position")


def snapshot() -> list[tuple]:
    """Every stored field of every entity and alias (ids aside)."""
    rows = []
    for entity in Entity.objects.order_by("slug"):
        aliases = tuple(
            tuple(getattr(alias, name) for name in ALIAS_FIELDS)
            for alias in entity.aliases.order_by("position")
        )
        rows.append((tuple(getattr(entity, name) for name in ENTITY_FIELDS), aliases))
    return rows


def build_base() -> None:
    """Entities that use every setting, including the ones plain text cannot imply."""
    entity_save(
        name="Georgia (U.S. state)",
        slug="georgia-us-state",
        match_name=False,
        type="place",
        definition="A state in the south-eastern United States.",
        description="Home to **Kings Bay**.\n\nSecond paragraph, with a | bar and a, comma.",
        aliases=[
            AliasInput("Georgia", cues_for="state of _, Atlanta", cues_against="Tbilisi"),
            AliasInput("State of Georgia"),
            AliasInput("GA", case_sensitive=True),
        ],
        same_as=["https://www.wikidata.org/wiki/Q1428"],
        wikidata_id="Q1428",
    )
    entity_save(
        name="European Union",
        slug="european-union",
        type="organisation",
        aliases=[
            AliasInput("EU", case_sensitive=True),
            # A short all-capital alias declared case-insensitive: text alone would say exact.
            AliasInput("EEC", case_sensitive=False),
            # A long alias declared case-sensitive: text alone would say any case.
            AliasInput("Union", case_sensitive=True, context_only=True),
        ],
        same_as=["https://www.wikidata.org/wiki/Q458"],
        wikidata_id="",  # a Wikidata address but no id: must stay so
    )
    entity_save(
        name="NATO",
        slug="nato",
        type="organisation",
        # The name restated to make it case-insensitive: "Nato" in British style.
        aliases=[AliasInput("NATO", case_sensitive=False)],
    )
    entity_save(
        name="Turkey",
        slug="turkey",
        type="country",
        aliases=[AliasInput("Turkey", case_sensitive=True), AliasInput("Türkiye")],
    )


def round_trip(fmt: str) -> str:
    records = entities_export()
    return export_csv(records) if fmt == "csv" else export_yaml(records)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "yaml"])
def test_every_field_survives_export_then_import_into_an_empty_base(fmt):
    build_base()
    before = snapshot()
    text = round_trip(fmt)
    Entity.objects.all().delete()
    report = entities_import(parse_file(f"kb.{fmt}", text.encode()))
    assert report.created == 4
    assert snapshot() == before
    assert round_trip(fmt) == text


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "yaml"])
def test_reimporting_an_export_changes_nothing(fmt):
    build_base()
    before = snapshot()
    version = KnowledgeVersion.objects.get().version
    report = entities_import(parse_file(f"kb.{fmt}", round_trip(fmt).encode()))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert snapshot() == before
    # Nothing changed, so nothing is re-linked.
    assert KnowledgeVersion.objects.get().version == version


@pytest.mark.django_db
def test_case_insensitive_short_alias_from_yaml_and_csv():
    yaml_text = """
- name: European Economic Community
  type: organisation
  aliases:
    - text: EEC
      case_sensitive: false
    - EC
"""
    entities_import(parse_yaml(yaml_text))
    csv_text = (
        "name,type,aliases,case_insensitive_aliases\n"
        "Western European Union,organisation,WEU | Western Union,WEU\n"
    )
    entities_import(parse_csv(csv_text))
    exact = dict(Alias.objects.values_list("text", "case_sensitive"))
    assert exact == {"EEC": False, "EC": True, "WEU": False, "Western Union": False}


def test_an_alias_cannot_be_both_exact_and_not():
    with pytest.raises(KnowledgeImportError, match="both case-sensitive and case-insensitive"):
        parse_csv("name,type,case_sensitive_aliases,case_insensitive_aliases\nX,concept,EU,EU\n")
    with pytest.raises(KnowledgeImportError, match="match_name must be true or false"):
        parse_yaml("- {name: X, type: concept, match_name: perhaps}")


@pytest.mark.django_db
def test_a_display_only_name_is_not_matched_but_its_aliases_are():
    build_base()
    texts = {(t.entity_id, t.text) for t in knowledge_terms()}
    state = Entity.objects.get(slug="georgia-us-state").pk
    assert (state, "Georgia (U.S. state)") not in texts
    assert (state, "Georgia") in texts
    nato = Entity.objects.get(slug="nato").pk
    assert [t.case_sensitive for t in knowledge_terms() if t.entity_id == nato] == [False]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "yaml"])
def test_dry_run_reports_per_field_and_saves_nothing(fmt):
    build_base()
    text = round_trip(fmt)
    text = text.replace("A state in the south-eastern United States.", "A US state.")
    text = text.replace("state of _, Atlanta", "state of _, Atlanta, Savannah")
    Entity.objects.filter(slug="turkey").delete()
    before = snapshot()
    version = KnowledgeVersion.objects.get().version
    report = entities_import(parse_file(f"kb.{fmt}", text.encode()), dry_run=True)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 2)
    assert report.changes == ["updated georgia-us-state: definition, aliases", "created turkey"]
    assert str(report).startswith("dry run, nothing saved: would be 1 created, 1 updated")
    assert snapshot() == before
    assert KnowledgeVersion.objects.get().version == version


@pytest.mark.django_db
def test_kb_import_dry_run_command(tmp_path):
    build_base()
    target = tmp_path / "kb.yaml"
    target.write_text(round_trip("yaml").replace("Home to", "Host of"), encoding="utf-8")
    before = snapshot()
    out = io.StringIO()
    call_command("kb", "import", "--dry-run", str(target), stdout=out)
    assert "updated georgia-us-state: description" in out.getvalue()
    assert "dry run, nothing saved: would be 0 created, 1 updated, 3 unchanged" in out.getvalue()
    assert snapshot() == before
    call_command("kb", "import", str(target), stdout=io.StringIO())
    assert Entity.objects.get(slug="georgia-us-state").description.startswith("Host of")

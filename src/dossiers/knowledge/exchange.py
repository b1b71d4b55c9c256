"""Knowledge-base import and export: Wikidata JSON in; CSV and YAML out and in.

Imports validate before they write: a CSV or YAML file with any bad row
saves nothing and the error names the row and what to fix. A Wikidata import
keeps every good entity and reports the bad ones (a dump has millions of
lines; one broken line must not cost the rest). Either way the archive is
re-linked once, in the background, when the import is done.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from dossiers.core.validation import error_text
from dossiers.knowledge.models import Entity, EntityType
from dossiers.knowledge.services import (
    AliasInput,
    entity_save,
    knowledge_changed,
    wikidata_id_from_urls,
)
from dossiers.knowledge.wikidata import Problem, WikidataEntity, read_wikidata

CSV_COLUMNS = (
    "slug",
    "name",
    "type",
    "definition",
    "description",
    "aliases",
    "case_sensitive_aliases",
    "context_only_aliases",
    "same_as",
    "wikidata_id",
)
LIST_SEPARATOR = " | "


class KnowledgeImportError(ValueError):
    """An import file that cannot be loaded; the message lists what to fix."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.problems:
            text += f", {len(self.problems)} problems"
        return text


# --- Wikidata ------------------------------------------------------------------


def wikidata_import(
    path: Path, *, progress: Callable[[ImportReport], None] | None = None, batch: int = 500
) -> ImportReport:
    """Create or update entities from a Wikidata file, idempotently (by QID).

    New items become entities (English label as name, description as
    definition, English aliases, the Wikidata URI in same_as). An item
    already in the base keeps what editors made of it (name, slug, type,
    definition), gains aliases it lacks and, if empty, the definition.
    """
    report = ImportReport()
    pending: list[WikidataEntity] = []
    for item in read_wikidata(path):
        if isinstance(item, Problem):
            where = f"line {item.line}: " if item.line else ""
            report.problems.append(where + item.message)
            continue
        pending.append(item)
        if len(pending) >= batch:
            _wikidata_batch(pending, report)
            pending = []
            if progress:
                progress(report)
    if pending:
        _wikidata_batch(pending, report)
    if report.created or report.updated:
        knowledge_changed(reason=f"Wikidata import of {path.name}: {report}")
    return report


@transaction.atomic
def _wikidata_batch(items: list[WikidataEntity], report: ImportReport) -> None:
    found = Entity.objects.filter(wikidata_id__in=[i.qid for i in items])
    existing = {entity.wikidata_id: entity for entity in found.prefetch_related("aliases")}
    for item in items:
        entity = existing.get(item.qid)
        try:
            with transaction.atomic():
                outcome = _wikidata_one(item, entity)
        except ValidationError as error:
            report.problems.append(f"line {item.line}: {item.qid}: {error_text(error)}")
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome == "created":
            existing[item.qid] = Entity.objects.get(wikidata_id=item.qid)


def _wikidata_one(item: WikidataEntity, entity: Entity | None) -> str:
    if entity is None:
        entity_save(
            name=item.name,
            type=item.type,
            definition=item.definition,
            aliases=[AliasInput(text) for text in item.aliases],
            same_as=[item.uri],
            wikidata_id=item.qid,
        )
        return "created"
    aliases = [AliasInput(a.text, a.case_sensitive, a.context_only) for a in entity.aliases.all()]
    known = {a.text for a in aliases} | {entity.name}
    # The Wikidata label too, when editors renamed the entity.
    added = [
        AliasInput(text) for text in dict.fromkeys([item.name, *item.aliases]) if text not in known
    ]
    same_as = list(entity.same_as or [])
    if wikidata_id_from_urls(same_as) != item.qid:
        same_as.append(item.uri)
    definition = entity.definition or item.definition
    if not added and same_as == entity.same_as and definition == entity.definition:
        return "unchanged"
    entity_save(
        entity=entity,
        name=entity.name,
        type=entity.type,
        definition=definition,
        description=entity.description,
        slug=entity.slug,
        aliases=aliases + added,
        same_as=same_as,
        wikidata_id=item.qid,
    )
    return "updated"


# --- CSV and YAML ----------------------------------------------------------------


@dataclass(frozen=True)
class EntityRecord:
    where: str  # "row 3", "entry 7": for error messages
    slug: str
    name: str
    type: str
    definition: str = ""
    description: str = ""
    aliases: tuple[AliasInput, ...] = ()
    same_as: tuple[str, ...] = ()
    wikidata_id: str = ""


def entities_export() -> list[dict[str, Any]]:
    """Every entity with its aliases, as plain data (the YAML shape of demo/entities.yaml)."""
    out = []
    for entity in Entity.objects.prefetch_related("aliases").order_by("name", "pk"):
        aliases: list[Any] = []
        for a in entity.aliases.all():
            if not (a.case_sensitive or a.context_only):
                aliases.append(a.text)
                continue
            alias: dict[str, Any] = {"text": a.text}
            if a.case_sensitive:
                alias["case_sensitive"] = True
            if a.context_only:
                alias["context_only"] = True
            aliases.append(alias)
        record: dict[str, Any] = {
            "slug": entity.slug,
            "name": entity.name,
            "type": entity.type,
            "definition": entity.definition,
            "description": entity.description,
            "aliases": aliases,
            "same_as": list(entity.same_as or []),
        }
        if entity.wikidata_id:
            record["wikidata_id"] = entity.wikidata_id
        out.append(record)
    return out


def export_yaml(records: list[dict[str, Any]]) -> str:
    return yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=100)


def export_csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        plain = [a for a in record["aliases"] if isinstance(a, str)]
        special = [a for a in record["aliases"] if isinstance(a, dict)]
        exact = [a["text"] for a in special if a.get("case_sensitive")]
        weak = [a["text"] for a in special if a.get("context_only")]
        writer.writerow(
            [
                record["slug"],
                record["name"],
                record["type"],
                record["definition"],
                record["description"],
                LIST_SEPARATOR.join(plain),
                LIST_SEPARATOR.join(exact),
                LIST_SEPARATOR.join(weak),
                LIST_SEPARATOR.join(record["same_as"]),
                record.get("wikidata_id", ""),
            ]
        )
    return buffer.getvalue()


def _split(value: Any) -> list[str]:
    return [part.strip() for part in str(value or "").split("|") if part.strip()]


def parse_csv(text: str) -> list[EntityRecord]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        missing = {"name", "type"} - set(reader.fieldnames or [])
        if missing:
            columns = ", ".join(sorted(missing))
            raise KnowledgeImportError(f"the CSV header lacks the column(s) {columns}")
        return [_csv_record(number, row) for number, row in enumerate(reader, start=2)]
    except csv.Error as error:
        # A field over the csv module's limit (128 KB), a stray quote, a NUL byte.
        where = f"row {reader.line_num}"
        raise KnowledgeImportError(f"{where}: not readable as CSV ({error})") from None


def _csv_record(number: int, row: dict[str, Any]) -> EntityRecord:
    exact = set(_split(row.get("case_sensitive_aliases")))
    weak = set(_split(row.get("context_only_aliases")))
    aliases = [AliasInput(text, None) for text in _split(row.get("aliases"))]
    aliases += [
        AliasInput(text, True if text in exact else None, text in weak)
        for text in dict.fromkeys([*exact, *weak])
    ]
    return _record(f"row {number}", row, aliases=aliases, same_as=_split(row.get("same_as")))


def parse_yaml(text: str) -> list[EntityRecord]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise KnowledgeImportError(f"not valid YAML: {error}") from None
    except (ValueError, OverflowError) as error:  # a date that does not exist: 2021-02-30
        raise KnowledgeImportError(f"not valid YAML: a value cannot be read ({error})") from None
    except RecursionError:
        raise KnowledgeImportError("not valid YAML: nested too deeply") from None
    if not isinstance(data, list):
        raise KnowledgeImportError("the YAML file must be a list of entities")
    records = []
    problems = []
    for number, row in enumerate(data, start=1):
        where = f"entry {number}"
        if not isinstance(row, dict):
            problems.append(f"{where}: an entity must be a mapping (name:, type:, …)")
            continue
        aliases = []
        listed = row.get("aliases") or []
        if not isinstance(listed, list):
            problems.append(f"{where}: aliases must be a list of names")
            listed = []
        for alias in listed:
            if isinstance(alias, str | int | float) and not isinstance(alias, bool):
                aliases.append(AliasInput(str(alias), None))
            elif isinstance(alias, dict) and alias.get("text"):
                aliases.append(
                    AliasInput(
                        str(alias["text"]),
                        alias.get("case_sensitive"),
                        bool(alias.get("context_only", False)),
                    )
                )
            else:
                problems.append(f"{where}: an alias must be a string or have a 'text'")
        same_as = row.get("same_as") or []
        if not isinstance(same_as, list):
            problems.append(f"{where}: same_as must be a list of URLs")
            same_as = []
        records.append(_record(where, row, aliases=aliases, same_as=[str(u) for u in same_as]))
    if problems:
        raise KnowledgeImportError("; ".join(problems))
    return records


def _record(
    where: str, row: dict[str, Any], *, aliases: list[AliasInput], same_as: list[str]
) -> EntityRecord:
    return EntityRecord(
        where=where,
        slug=str(row.get("slug") or "").strip(),
        name=str(row.get("name") or "").strip(),
        type=str(row.get("type") or "").strip(),
        definition=str(row.get("definition") or ""),
        description=str(row.get("description") or ""),
        aliases=tuple(aliases),
        same_as=tuple(same_as),
        wikidata_id=str(row.get("wikidata_id") or "").strip(),
    )


def parse_file(name: str, content: bytes) -> list[EntityRecord]:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise KnowledgeImportError(f"{name} is not UTF-8 text") from None
    lowered = name.lower()
    if lowered.endswith(".csv"):
        return parse_csv(text)
    if lowered.endswith((".yaml", ".yml")):
        return parse_yaml(text)
    raise KnowledgeImportError(f"{name}: give a .csv, .yaml or .yml file")


_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


def _has_control_characters(record: EntityRecord) -> bool:
    texts = [record.slug, record.name, record.type, record.definition, record.description]
    texts += [alias.text for alias in record.aliases] + list(record.same_as)
    texts.append(record.wikidata_id)
    return any(text != text.translate(_CONTROL) for text in texts)


def entities_import(records: Iterable[EntityRecord]) -> ImportReport:
    """Create or update entities (by slug, else by Wikidata id) all together, or none.

    Raises KnowledgeImportError listing every bad record; nothing is saved then.
    """
    records = list(records)
    report = ImportReport()
    problems = []
    types = set(EntityType.values)
    for record in records:
        if not record.name:
            problems.append(f"{record.where}: the name is empty")
        if _has_control_characters(record):
            problems.append(f"{record.where}: remove the control characters (such as NUL)")
        if record.type not in types:
            problems.append(
                f"{record.where}: type '{record.type}' is not one of {', '.join(sorted(types))}"
            )
    if problems:
        raise KnowledgeImportError("; ".join(problems))
    try:
        with transaction.atomic():
            for record in records:
                entity = None
                if record.slug:
                    entity = Entity.objects.filter(slug=record.slug).first()
                if entity is None and record.wikidata_id:
                    entity = Entity.objects.filter(wikidata_id=record.wikidata_id).first()
                try:
                    entity_save(
                        entity=entity,
                        name=record.name,
                        type=record.type,
                        definition=record.definition,
                        description=record.description,
                        slug=record.slug,
                        aliases=record.aliases,
                        same_as=record.same_as,
                        wikidata_id=record.wikidata_id or None,
                    )
                except ValidationError as error:
                    raise KnowledgeImportError(f"{record.where}: {error_text(error)}") from None
                if entity is None:
                    report.created += 1
                else:
                    report.updated += 1
            knowledge_changed(reason=f"knowledge-base import: {report}")
    except KnowledgeImportError:
        raise
    return report

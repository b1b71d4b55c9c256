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
from dossiers.knowledge.matching import looks_like_acronym
from dossiers.knowledge.models import Entity, EntityType
from dossiers.knowledge.services import (
    AliasInput,
    AliasRow,
    aliases_resolve,
    entity_save,
    knowledge_changed,
    wikidata_id_from_urls,
)
from dossiers.knowledge.wikidata import Problem, WikidataEntity, read_wikidata

CSV_COLUMNS = (
    "slug",
    "name",
    "match_name",
    "type",
    "definition",
    "description",
    "aliases",
    "case_sensitive_aliases",
    "case_insensitive_aliases",
    "context_only_aliases",
    "cues_for",
    "cues_against",
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
    # One line per entity created or updated: "updated nato: aliases, definition".
    changes: list[str] = field(default_factory=list)
    dry_run: bool = False

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.dry_run:
            text = f"dry run, nothing saved: would be {text}"
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
    aliases = [
        AliasInput(a.text, a.case_sensitive, a.context_only, a.cues_for, a.cues_against)
        for a in entity.aliases.all()
    ]
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
        match_name=entity.match_name,
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
    wikidata_id: str | None = None  # None: not given (kept, or read from same_as)
    match_name: bool = True


def entities_export() -> list[dict[str, Any]]:
    """Every entity with its aliases, as plain data (the YAML shape of demo/entities.yaml).

    Nothing is left to be guessed on the way back in: an alias is a plain
    string only when its case rule is the one its text implies (exact for a
    short all-capital alias, any case otherwise) and it has no other setting;
    otherwise every setting is written out, `case_sensitive` included.
    """
    out = []
    for entity in Entity.objects.prefetch_related("aliases").order_by("name", "pk"):
        aliases: list[Any] = []
        for a in entity.aliases.all():
            default_case = a.case_sensitive == looks_like_acronym(a.text)
            if default_case and not (a.context_only or a.cues_for or a.cues_against):
                aliases.append(a.text)
                continue
            alias: dict[str, Any] = {"text": a.text, "case_sensitive": a.case_sensitive}
            if a.context_only:
                alias["context_only"] = True
            if a.cues_for:
                alias["cues_for"] = a.cues_for
            if a.cues_against:
                alias["cues_against"] = a.cues_against
            aliases.append(alias)
        record: dict[str, Any] = {"slug": entity.slug, "name": entity.name}
        if not entity.match_name:
            record["match_name"] = False
        record.update(
            {
                "type": entity.type,
                "definition": entity.definition,
                "description": entity.description,
                "aliases": aliases,
                "same_as": list(entity.same_as or []),
                "wikidata_id": entity.wikidata_id,
            }
        )
        out.append(record)
    return out


def export_yaml(records: list[dict[str, Any]]) -> str:
    return yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=100)


def export_csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        aliases = [_alias_dict(a) for a in record["aliases"]]
        exact = [a["text"] for a in aliases if a["case_sensitive"]]
        # Written out only where the text would imply the opposite ("EU" in any case).
        loose = [
            a["text"] for a in aliases if not a["case_sensitive"] and looks_like_acronym(a["text"])
        ]
        weak = [a["text"] for a in aliases if a.get("context_only")]
        writer.writerow(
            [
                record["slug"],
                record["name"],
                "true" if record.get("match_name", True) else "false",
                record["type"],
                record["definition"],
                record["description"],
                LIST_SEPARATOR.join(a["text"] for a in aliases),
                LIST_SEPARATOR.join(exact),
                LIST_SEPARATOR.join(loose),
                LIST_SEPARATOR.join(weak),
                _cue_column(aliases, "cues_for"),
                _cue_column(aliases, "cues_against"),
                LIST_SEPARATOR.join(record["same_as"]),
                record.get("wikidata_id", ""),
            ]
        )
    return buffer.getvalue()


def _alias_dict(alias: Any) -> dict[str, Any]:
    if isinstance(alias, dict):
        return alias
    return {"text": alias, "case_sensitive": looks_like_acronym(alias)}


def _cue_column(aliases: list[dict[str, Any]], key: str) -> str:
    """ "Georgia: state of _, Atlanta | Peach State: …" (alias, colon, its cues)."""
    return LIST_SEPARATOR.join(f"{a['text']}: {a[key]}" for a in aliases if a.get(key))


def _split(value: Any) -> list[str]:
    return [part.strip() for part in str(value or "").split("|") if part.strip()]


def _truth(value: Any, where: str, column: str) -> bool:
    text = str(value or "").strip().lower()
    if text in {"", "true", "yes", "1"}:
        return True
    if text in {"false", "no", "0"}:
        return False
    raise KnowledgeImportError(f"{where}: {column} must be true or false, not '{value}'")


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
    where = f"row {number}"
    exact = set(_split(row.get("case_sensitive_aliases")))
    loose = set(_split(row.get("case_insensitive_aliases")))
    both = sorted(exact & loose)
    if both:
        raise KnowledgeImportError(
            f"{where}: an alias cannot be both case-sensitive and case-insensitive: "
            + ", ".join(both)
        )
    weak = set(_split(row.get("context_only_aliases")))
    cues_for = _csv_cues(row.get("cues_for"), where)
    cues_against = _csv_cues(row.get("cues_against"), where)
    # Every alias in `aliases`, in order; older files list the special ones elsewhere only.
    texts = _split(row.get("aliases"))
    texts += [*exact, *loose, *weak, *cues_for, *cues_against]
    aliases = [
        AliasInput(
            text,
            True if text in exact else False if text in loose else None,
            text in weak,
            cues_for.get(text, ""),
            cues_against.get(text, ""),
        )
        for text in dict.fromkeys(texts)
    ]
    wikidata = row.get("wikidata_id")
    return _record(
        where,
        {**row, "match_name": _truth(row.get("match_name"), where, "match_name")},
        aliases=aliases,
        same_as=_split(row.get("same_as")),
        wikidata_id=None if wikidata is None else str(wikidata).strip(),
    )


def _csv_cues(value: Any, where: str) -> dict[str, str]:
    cues: dict[str, str] = {}
    for part in _split(value):
        text, colon, listed = part.rpartition(":")
        if not colon or not text.strip():
            raise KnowledgeImportError(f"{where}: write cues as 'alias: cue, cue' (found '{part}')")
        cues[" ".join(text.split())] = listed.strip()
    return cues


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
                exact = alias.get("case_sensitive")
                if exact is not None and not isinstance(exact, bool):
                    problems.append(f"{where}: case_sensitive must be true or false")
                    exact = None
                aliases.append(
                    AliasInput(
                        str(alias["text"]),
                        exact,
                        bool(alias.get("context_only", False)),
                        str(alias.get("cues_for") or ""),
                        str(alias.get("cues_against") or ""),
                    )
                )
            else:
                problems.append(f"{where}: an alias must be a string or have a 'text'")
        same_as = row.get("same_as") or []
        if not isinstance(same_as, list):
            problems.append(f"{where}: same_as must be a list of URLs")
            same_as = []
        match_name = row.get("match_name", True)
        if not isinstance(match_name, bool):
            problems.append(f"{where}: match_name must be true or false")
            match_name = True
        wikidata = row.get("wikidata_id")
        records.append(
            _record(
                where,
                {**row, "match_name": match_name},
                aliases=aliases,
                same_as=[str(u) for u in same_as],
                wikidata_id=None if wikidata is None else str(wikidata).strip(),
            )
        )
    if problems:
        raise KnowledgeImportError("; ".join(problems))
    return records


def _record(
    where: str,
    row: dict[str, Any],
    *,
    aliases: list[AliasInput],
    same_as: list[str],
    wikidata_id: str | None,
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
        wikidata_id=wikidata_id,
        match_name=bool(row.get("match_name", True)),
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
    texts.append(record.wikidata_id or "")
    texts += [text for alias in record.aliases for text in (alias.cues_for, alias.cues_against)]
    return any(text != text.translate(_CONTROL) for text in texts)


def entities_import(records: Iterable[EntityRecord], *, dry_run: bool = False) -> ImportReport:
    """Create or update entities (by slug, else by Wikidata id) all together, or none.

    Raises KnowledgeImportError listing every bad record; nothing is saved then.
    An entity the file describes exactly as it is stays untouched ("unchanged").
    `dry_run`: do everything, report it, and roll it all back.
    """
    records = list(records)
    report = ImportReport(dry_run=dry_run)
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
    with transaction.atomic():
        for record in records:
            _import_one(record, report)
        if dry_run:
            transaction.set_rollback(True)
        elif report.created or report.updated:
            knowledge_changed(reason=f"knowledge-base import: {report}")
    return report


def _import_one(record: EntityRecord, report: ImportReport) -> None:
    entity = None
    if record.slug:
        entity = Entity.objects.filter(slug=record.slug).first()
    if entity is None and record.wikidata_id:
        entity = Entity.objects.filter(wikidata_id=record.wikidata_id).first()
    try:
        changed = entity_changes(entity, record)
        if entity is not None and not changed:
            report.unchanged += 1
            return
        saved = entity_save(
            entity=entity,
            name=record.name,
            type=record.type,
            definition=record.definition,
            description=record.description,
            slug=record.slug,
            aliases=record.aliases,
            same_as=record.same_as,
            wikidata_id=record.wikidata_id,
            match_name=record.match_name,
        )
    except ValidationError as error:
        raise KnowledgeImportError(f"{record.where}: {error_text(error)}") from None
    if entity is None:
        report.created += 1
        report.changes.append(f"created {saved.slug}")
    else:
        report.updated += 1
        report.changes.append(f"updated {saved.slug}: {', '.join(changed)}")


def entity_changes(entity: Entity | None, record: EntityRecord) -> list[str]:
    """The fields an import of `record` would change on `entity` (all of them for a new one)."""
    if entity is None:
        return ["everything"]
    changed = []
    wanted: dict[str, Any] = {
        "name": record.name.strip(),
        "match_name": record.match_name,
        "type": record.type,
        "definition": " ".join(record.definition.split()),
        "description": record.description,
        "same_as": [url.strip() for url in record.same_as if url.strip()],
    }
    if record.slug:
        wanted["slug"] = record.slug.strip()
    if record.wikidata_id is not None:
        wanted["wikidata_id"] = record.wikidata_id.strip()
    for name, value in wanted.items():
        if getattr(entity, name) != value:
            changed.append(name)
    stored = [
        AliasRow(a.text, a.case_sensitive, a.context_only, a.cues_for, a.cues_against)
        for a in entity.aliases.all()
    ]
    if stored != aliases_resolve(name=wanted["name"], aliases=record.aliases):
        changed.append("aliases")
    return changed

"""What a load keeps while it runs: its options and report, what it has written so far,
and the bookkeeping of where each source object went (`Ledger`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from dossiers.core.bulk import insert_rows
from dossiers.importers import items
from dossiers.importers.media import MediaImporter
from dossiers.importers.models import ImportedObject, LegacyUrl
from dossiers.importers.report import ImportReport
from dossiers.knowledge.models import Entity, Filing
from dossiers.pipeline.services import BULK_FROM, Written
from dossiers.publishing.models import Author

Progress = Callable[[int, int | None], None]
GUID_LENGTH = 500  # ImportedObject.guid, LegacyUrl.path


@dataclass(frozen=True)
class LoadOptions:
    dry_run: bool = False
    tags_as: str = "entities"  # "entities" or "hubs"
    undated: str = "draft"  # a published item without a date: "draft", "now" or "skip"
    default_author: str = ""  # byline for posts that name none
    match_slug: bool = False  # also update an article of the same slug (Markdown folders)
    media_dir: str = ""  # a copy of wp-content/uploads: images into the media library
    fetch_media: bool = False  # or fetch them from the old site
    # Up to this many changed articles are derived one by one; more, and the archive is
    # derived in bulk phases (dossiers.pipeline).
    relink_threshold: int = BULK_FROM


def digest(record: object) -> str:
    """A fingerprint of a record: an object whose record did not change is skipped."""
    return hashlib.sha256(repr(record).encode()).hexdigest()


class Ledger:
    """Where each (kind, GUID) of the source went, by `ImportedObject`, and the old
    addresses and filings to write. Kept in memory, written in bulk by `flush` (one
    insert per thousand objects instead of one query each)."""

    def __init__(self) -> None:
        self.source_key = ""
        # (kind, guid) -> (object id, digest, ImportedObject pk or 0 while not yet written)
        self.known: dict[tuple[str, str], tuple[int, str, int]] = {}
        self.new_objects: dict[tuple[str, str], ImportedObject] = {}
        self.changed_objects: dict[int, ImportedObject] = {}
        self.legacy: dict[str, tuple[str, int]] = {}
        self.filings: list[Filing] = []

    def open(self, source_key: str) -> None:
        """Read what earlier imports of this source wrote."""
        self.source_key = source_key[:300]
        self.known = {
            (kind, guid): (object_id, fingerprint, pk)
            for pk, kind, guid, object_id, fingerprint in ImportedObject.objects.filter(
                source=self.source_key
            ).values_list("pk", "kind", "guid", "object_id", "digest")
        }

    def remember(self, kind: str, guid: str, object_id: int, fingerprint: str = "") -> None:
        """Record where (kind, guid) went."""
        slot = (kind, guid[:GUID_LENGTH])
        known = self.known.get(slot)
        if known and known[:2] == (object_id, fingerprint):
            return
        if known and not known[2] and slot not in self.new_objects:
            # Written by an earlier flush of this load, which did not read the row's pk.
            known = (*known[:2], self._written_pk(slot))
        if known and known[2]:
            self.changed_objects[known[2]] = ImportedObject(
                pk=known[2], object_id=object_id, digest=fingerprint, imported_at=timezone.now()
            )
            self.known[slot] = (object_id, fingerprint, known[2])
            return
        self.new_objects[slot] = ImportedObject(
            source=self.source_key,
            kind=kind,
            guid=slot[1],
            object_id=object_id,
            digest=fingerprint,
        )
        self.known[slot] = (object_id, fingerprint, 0)

    def _written_pk(self, slot: tuple[str, str]) -> int:
        kind, guid = slot
        found = ImportedObject.objects.filter(source=self.source_key, kind=kind, guid=guid)
        return found.values_list("pk", flat=True).first() or 0

    def recall(self, kind: str, guid: str) -> tuple[int, str] | None:
        """(object id, digest) of what (kind, guid) became last time, if anything."""
        known = self.known.get((kind, guid[:GUID_LENGTH]))
        return known[:2] if known else None

    def redirect(self, paths: Iterable[str], target: str, object_id: int) -> None:
        """Old addresses to answer with a 301 to the object."""
        for path in paths:
            if path:
                self.legacy[path[:GUID_LENGTH]] = (target, object_id)

    def file(self, article_id: int, rows: list[Filing], *, replace: bool) -> None:
        """How the source filed an article; `replace` drops what it had before."""
        if replace:
            Filing.objects.filter(article_id=article_id).delete()
            self.filings = [f for f in self.filings if f.article_id != article_id]
        self.filings.extend(rows)

    def flush(self) -> None:
        """Write the bookkeeping gathered so far: mappings, old URLs, filings."""
        self._flush_objects()
        self._flush_legacy()
        insert_rows(
            Filing,
            ("article_id", "entity_id", "taxonomy", "position"),
            ((f.article_id, f.entity_id, f.taxonomy, f.position) for f in self.filings),
        )
        self.filings.clear()

    def _flush_objects(self) -> None:
        insert_rows(
            ImportedObject,
            ("source", "kind", "guid", "object_id", "digest", "imported_at"),
            (
                (o.source, o.kind, o.guid, o.object_id, o.digest, o.imported_at)
                for o in self.new_objects.values()
            ),
        )
        self.new_objects.clear()
        ImportedObject.objects.bulk_update(
            self.changed_objects.values(), ["object_id", "digest", "imported_at"], batch_size=500
        )
        self.changed_objects.clear()

    def _flush_legacy(self) -> None:
        paths = list(self.legacy)
        for start in range(0, len(paths), 500):
            LegacyUrl.objects.filter(path__in=paths[start : start + 500]).delete()
        insert_rows(
            LegacyUrl,
            ("path", "target", "object_id"),
            ((p, t, i) for p, (t, i) in self.legacy.items()),
        )
        self.legacy.clear()


@dataclass
class State:
    """One load: its options and report, the ledger, and what it has met so far."""

    options: LoadOptions
    report: ImportReport
    progress: Progress
    ledger: Ledger = field(default_factory=Ledger)
    source: items.Source = field(default_factory=lambda: items.Source(key="unknown"))
    slugs: set[str] = field(default_factory=set)  # article slugs taken
    people: dict[str, items.Person] = field(default_factory=dict)  # by key and alias
    authors: dict[str, Author] = field(default_factory=dict)  # by person key
    term_entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    entities_by_name: dict[str, Entity] = field(default_factory=dict)  # casefolded name
    site_entity_names: dict[str, int] | None = None  # the site's entities, read when needed
    changed: list[Written] = field(default_factory=list)  # kept only for one-by-one derive
    changed_count: int = 0
    commented: set[int] = field(default_factory=set)  # articles whose comments changed
    posts_seen: int = 0
    media: MediaImporter | None = None  # images into the library (loader/media.py)

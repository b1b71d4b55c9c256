"""The one loader: importer records in, content written through the services, in one
transaction.

Everything an import writes commits together or not at all; `dry_run` runs
the whole import and rolls it back, so the report says exactly what would
change. Each post is written in a savepoint: a post the services refuse is
reported as failed and the others still import.

Re-running an import finds every object again by (source, kind, GUID)
(`ImportedObject`) and updates it; a post whose source did not change is
skipped as unchanged. Articles are saved without their derivation (mentions,
hubs); the archive is re-linked once at the end, inside the transaction,
which is what makes a 10,000-post import fast.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from dossiers.comments.models import Comment
from dossiers.comments.services import comment_counts_refresh, comment_record
from dossiers.core.bulk import insert_rows
from dossiers.core.freshness import changes_deferred, content_changed
from dossiers.core.markdown import html_to_text
from dossiers.core.text import summary_from_text, unique_slug
from dossiers.hubs.models import Hub
from dossiers.hubs.services import hub_save
from dossiers.importers import items
from dossiers.importers.errors import ImportRefused
from dossiers.importers.models import ImportedObject, LegacyTarget, LegacyUrl
from dossiers.importers.report import ImportReport
from dossiers.knowledge.models import Entity, Filing
from dossiers.knowledge.services import entity_save
from dossiers.pipeline.services import BULK_FROM, Written, text_before, written_derive
from dossiers.publishing.models import Article, ArticleStatus, Author
from dossiers.publishing.services import (
    ArticleDraft,
    article_create_many,
    article_write,
    author_save,
)

Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class LoadOptions:
    dry_run: bool = False
    tags_as: str = "entities"  # "entities" or "hubs"
    undated: str = "draft"  # a published item without a date: "draft", "now" or "skip"
    default_author: str = ""  # byline for posts that name none
    match_slug: bool = False  # also update an article of the same slug (Markdown folders)
    # Up to this many changed articles are derived one by one; more, and the archive is
    # derived in bulk phases (dossiers.pipeline).
    relink_threshold: int = BULK_FROM


def load(
    records: Iterable[items.Record],
    *,
    options: LoadOptions | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Write the records; returns the report. Raises ImportRefused (nothing written)."""
    options = options or LoadOptions()
    report = ImportReport(dry_run=options.dry_run)
    started = time.perf_counter()
    with transaction.atomic():
        with changes_deferred():  # the cache token moves once, when the writes are done
            loader = _Loader(options, report, progress or (lambda done, total: None))
            for record in records:
                loader.take(record)
            loader.finish()
        if options.dry_run:
            transaction.set_rollback(True)
    report.seconds = time.perf_counter() - started
    return report


def digest(record: object) -> str:
    return hashlib.sha256(repr(record).encode()).hexdigest()


_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


def _valid_url(value: str, max_length: int) -> str:
    value = value.strip()
    if not value or len(value) > max_length:
        return ""
    try:
        _url(value)
    except ValidationError:
        return ""
    return value


def _valid_email(value: str) -> str:
    value = value.strip()
    try:
        _email(value)
    except ValidationError:
        return ""
    return value if len(value) <= 254 else ""


class _Loader:
    def __init__(self, options: LoadOptions, report: ImportReport, progress: Progress) -> None:
        self.options = options
        self.report = report
        self.progress = progress
        self.source = items.Source(key="unknown")
        # (kind, guid) -> (object id, digest, ImportedObject pk or 0 while not yet written)
        self.known: dict[tuple[str, str], tuple[int, str, int]] = {}
        self.new_objects: dict[tuple[str, str], ImportedObject] = {}
        self.changed_objects: dict[int, ImportedObject] = {}
        self.legacy: dict[str, tuple[str, int]] = {}
        self.filings: list[Filing] = []
        self.slugs: set[str] = set()
        # New posts wait here and are created in bulk (article_create_many).
        self.pending: list[tuple[items.Post, ArticleDraft, str, list[str]]] = []
        self.pending_guids: set[str] = set()
        self.people: dict[str, items.Person] = {}
        self.authors: dict[str, Author] = {}
        self.terms: list[items.Term] = []
        self.term_entities: dict[tuple[str, str], Entity] = {}
        self.entities_by_name: dict[str, Entity] = {}
        self.site_entity_names: dict[str, int] | None = None
        self.changed: list[Written] = []
        self.changed_count = 0
        self.commented: set[int] = set()
        self.posts_seen = 0

    # --- bookkeeping ---------------------------------------------------------------

    def _remember(self, kind: str, guid: str, object_id: int, fingerprint: str = "") -> None:
        """Record where (kind, guid) went; written in bulk by `_flush` (one insert per
        thousand objects instead of one query each)."""
        slot = (kind, guid[:500])
        known = self.known.get(slot)
        if known and known[:2] == (object_id, fingerprint):
            return
        if known and known[2]:
            self.changed_objects[known[2]] = ImportedObject(
                pk=known[2], object_id=object_id, digest=fingerprint, imported_at=timezone.now()
            )
            self.known[slot] = (object_id, fingerprint, known[2])
            return
        self.new_objects[slot] = ImportedObject(
            source=self.source.key[:300], kind=kind, guid=slot[1], object_id=object_id,
            digest=fingerprint,
        )  # fmt: skip
        self.known[slot] = (object_id, fingerprint, 0)

    def _recall(self, kind: str, guid: str) -> tuple[int, str] | None:
        known = self.known.get((kind, guid[:500]))
        return known[:2] if known else None

    def _legacy(self, paths: Iterable[str], target: str, object_id: int) -> None:
        for path in paths:
            if path:
                self.legacy[path[:500]] = (target, object_id)

    def _flush(self) -> None:
        """Write the bookkeeping gathered so far: mappings, old URLs, filings."""
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
        paths = list(self.legacy)
        for start in range(0, len(paths), 500):
            LegacyUrl.objects.filter(path__in=paths[start : start + 500]).delete()
        insert_rows(
            LegacyUrl,
            ("path", "target", "object_id"),
            ((p, t, i) for p, (t, i) in self.legacy.items()),
        )
        self.legacy.clear()
        insert_rows(
            Filing,
            ("article_id", "entity_id", "taxonomy", "position"),
            ((f.article_id, f.entity_id, f.taxonomy, f.position) for f in self.filings),
        )
        self.filings.clear()

    # --- records -------------------------------------------------------------------

    def take(self, record: items.Record) -> None:
        if isinstance(record, items.Source):
            self._source(record)
        elif isinstance(record, items.Person):
            self.people[record.key] = record
            for alias in record.aliases:
                self.people.setdefault(alias, record)
            self._author(record.key)
        elif isinstance(record, items.Term):
            self.terms.append(record)
        elif isinstance(record, items.Post):
            self._flush_terms()
            self._post(record)
            self.posts_seen += 1
            self.progress(self.posts_seen, self.source.total)
            if self.posts_seen % 1000 == 0:
                self._flush_posts()
                self._flush()
        elif isinstance(record, items.Skipped):
            self.report.add("skipped", record.kind, record.label, record.reason)
        elif isinstance(record, items.Failed):
            self.report.add("failed", record.kind, record.label, record.reason)

    def _source(self, source: items.Source) -> None:
        self.source = source
        self.report.source_title = source.title or source.link or source.key
        self.report.source_format = source.format
        self.report.warnings.extend(source.warnings)
        self.known = {
            (kind, guid): (object_id, fingerprint, pk)
            for pk, kind, guid, object_id, fingerprint in ImportedObject.objects.filter(
                source=source.key[:300]
            ).values_list("pk", "kind", "guid", "object_id", "digest")
        }
        self.slugs = set(Article.objects.values_list("slug", flat=True))

    # --- authors -------------------------------------------------------------------

    def _author(self, key: str) -> Author:
        person = self.people.get(key) or self.people.get(key.strip(" <>\"'"))
        if person is None:
            key = key.strip(" <>\"'") or key
            person = items.Person(key=key, name=key)
        if person.key in self.authors:
            return self.authors[person.key]
        name = " ".join(person.name.split())[:200] or person.key[:200] or "Unknown author"
        fingerprint = digest(person)
        remembered = self._recall("author", person.key)
        author = Author.objects.filter(pk=remembered[0]).first() if remembered else None
        if author is not None and remembered and remembered[1] == fingerprint:
            self.report.add("skipped", "author", name, "unchanged since the last import")
        elif author is None and (
            same := Author.objects.annotate(lower=Lower("name")).filter(lower=name.lower()).first()
        ):
            author = same
            self.report.add("skipped", "author", name, "already on the site: credited as is")
        else:
            created = author is None
            author = author_save(
                author=author,
                name=name,
                slug=author.slug if author else person.slug,
                bio=person.bio,
                links=person.links,
            )
            self.report.add("created" if created else "updated", "author", name)
        if person.old_paths:
            self._legacy(person.old_paths, LegacyTarget.AUTHOR, author.pk)
        self._remember("author", person.key, author.pk, fingerprint)
        self.authors[person.key] = author
        return author

    def _byline(self, post: items.Post) -> list[Author]:
        keys = list(post.authors) or [
            self.options.default_author or self.source.title or "Unknown author"
        ]
        authors = [self._author(key) for key in keys if key]
        return list(dict.fromkeys(authors))

    # --- terms: categories become hubs, tags entities (or hubs) ---------------------

    def _flush_terms(self) -> None:
        if not self.terms:
            return
        terms, self.terms = self.terms, []
        unique = list({(t.taxonomy, t.key): t for t in terms}.values())
        for term in unique:
            self._term_entity(term)
        children: dict[str, list[str]] = {}
        for term in unique:
            if term.taxonomy == "category" and term.parent:
                children.setdefault(term.parent, []).append(term.key)
        for term in unique:
            if term.taxonomy == "category" or self.options.tags_as == "hubs":
                self._term_hub(term, self._descendants(term, children))
            else:
                self._legacy(
                    term.old_paths,
                    LegacyTarget.ENTITY,
                    self.term_entities[(term.taxonomy, term.key)].pk,
                )

    def _descendants(self, term: items.Term, children: dict[str, list[str]]) -> list[str]:
        found: list[str] = []
        stack = list(children.get(term.key, []))
        while stack and len(found) < 500:
            key = stack.pop(0)
            if key in found or key == term.key:
                continue
            found.append(key)
            stack.extend(children.get(key, []))
        return found

    def _term_entity(self, term: items.Term) -> Entity:
        slot = (term.taxonomy, term.key)
        if slot in self.term_entities:
            return self.term_entities[slot]
        guid = f"{term.taxonomy}:{term.key}"
        remembered = self._recall("entity", guid)
        entity = Entity.objects.filter(pk=remembered[0]).first() if remembered else None
        name = " ".join(term.name.split())[:200] or term.key[:200]
        folded = name.casefold()
        if entity is None:
            # A tag and a category of the same name, or an entity the site already has,
            # are one entity: two would make the name ambiguous to the linker.
            entity = self.entities_by_name.get(folded) or self._entity_named(folded)
            if entity is not None:
                self.report.add(
                    "skipped", "entity", name, "same name as another term or entity: shares it"
                )
        fingerprint = digest(term)
        if entity is None or (remembered and remembered[1] != fingerprint):
            description = term.description
            created = entity is None
            entity = entity_save(
                entity=entity,
                name=name,
                type=entity.type if entity else "concept",
                definition=summary_from_text(description, words=60)[:400],
                description=description,
                slug=entity.slug if entity else "",
            )
            self.report.add("created" if created else "updated", "entity", name)
        elif remembered:
            self.report.add("skipped", "entity", name, "unchanged since the last import")
        self._remember("entity", guid, entity.pk, fingerprint)
        self.term_entities[slot] = entity
        self.entities_by_name[folded] = entity
        return entity

    def _entity_named(self, folded: str) -> Entity | None:
        """An entity the site already has under this name (case-insensitive)."""
        if self.site_entity_names is None:
            self.site_entity_names = {
                name.casefold(): pk for pk, name in Entity.objects.values_list("pk", "name")
            }
        pk = self.site_entity_names.get(folded)
        return Entity.objects.filter(pk=pk).first() if pk else None

    def _term_hub(self, term: items.Term, descendants: list[str]) -> None:
        entity = self.term_entities[(term.taxonomy, term.key)]
        keys = [entity] + [
            self.term_entities[(term.taxonomy, key)]
            for key in descendants
            if (term.taxonomy, key) in self.term_entities
        ]
        guid = f"{term.taxonomy}:{term.key}"
        fingerprint = digest((term, tuple(e.pk for e in keys)))
        remembered = self._recall("hub", guid)
        hub = Hub.objects.filter(pk=remembered[0]).first() if remembered else None
        name = entity.name
        if hub is not None and remembered and remembered[1] == fingerprint:
            self.report.add("skipped", "hub", name, "unchanged since the last import")
        else:
            created = hub is None
            slug = hub.slug if hub else ""
            if not slug and not Hub.objects.filter(slug=term.key[:200]).exists():
                slug = unique_slug(term.key, exists=lambda s: Hub.objects.filter(slug=s).exists())
            hub = hub_save(
                hub=hub,
                name=name,
                headline=hub.headline if hub else "",
                slug=slug,
                intro=term.description if created or not hub.intro else hub.intro,
                status=hub.status if hub else "published",
                key_entities=keys,
                pinned=list(hub.pinned_articles.all()) if hub else [],
                excluded=list(hub.excluded_articles.all()) if hub else [],
            )
            self.report.add("created" if created else "updated", "hub", name)
        self._remember("hub", guid, hub.pk, fingerprint)
        self._legacy(term.old_paths, LegacyTarget.HUB, hub.pk)

    def _ref_entity(self, ref: items.TermRef) -> Entity:
        slot = (ref.taxonomy, ref.key)
        if slot not in self.term_entities:
            # A term the source uses without declaring it (WXR 1.0, feeds, front matter).
            term = items.Term(taxonomy=ref.taxonomy, key=ref.key, name=ref.name or ref.key)
            self._term_entity(term)
            if ref.taxonomy == "category" or self.options.tags_as == "hubs":
                self._term_hub(term, [])
        return self.term_entities[slot]

    # --- posts ---------------------------------------------------------------------

    def _post(self, post: items.Post) -> None:
        label = post.title[:120]
        for name, n in post.counters:
            self.report.counters[name] += n
        status, published_at, note = self._publication(post)
        if status is None:
            self.report.add("skipped", "article", label, note)
            return
        fingerprint = digest(replace(post, comments=()))
        remembered = self._recall("article", post.guid)
        article = Article.objects.filter(pk=remembered[0]).first() if remembered else None
        if article is None and self.options.match_slug and post.slug:
            article = Article.objects.filter(slug=post.slug).first()
        if article is not None and remembered and remembered[1] == fingerprint:
            self.report.add("skipped", "article", label, "unchanged since the last import")
            self._comments(article, post)
            return
        if post.guid in self.pending_guids:  # the same GUID twice: the first must exist
            self._flush_posts()
            return self._post(post)
        notes = list(post.notes) + ([note] if note else [])
        canonical = _valid_url(post.canonical_url, 500)
        if post.canonical_url and not canonical:
            notes.append(
                f"source link dropped (not a valid http(s) URL): {post.canonical_url[:80]}"
            )
        title = " ".join(post.title.split())
        if len(title) > 300:
            title = title[:299] + "…"
            notes.append("title shortened to 300 characters")
        created = article is None
        if created:
            slug = self._slug(post.slug, None) or self._slug(slugify(title) or "article", None)
            self.slugs.add(slug)
            draft = ArticleDraft(
                title=title, body=post.body, authors=tuple(self._byline(post)), slug=slug,
                summary=post.summary, status=status, published_at=published_at,
                canonical_url=canonical,
            )  # fmt: skip
            self.pending.append((post, draft, fingerprint, notes))
            self.pending_guids.add(post.guid)
            if len(self.pending) >= 500:
                self._flush_posts()
            return
        before = text_before(article=article)
        try:
            # article_write validates everything before it writes anything: a refused post
            # leaves no trace, and the import goes on with the next one.
            article = article_write(
                article=article,
                title=title,
                body=post.body,
                authors=self._byline(post),
                summary=post.summary,
                slug=self._slug(post.slug, article),
                status=status,
                published_at=published_at,
                canonical_url=canonical,
            )
        except ValidationError as error:
            self.report.add("failed", "article", label, _messages(error))
            return
        self._written(article, post, fingerprint, notes, created=False, before=before)

    def _flush_posts(self) -> None:
        """Create the waiting new posts in one go, then their filings, addresses, comments."""
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        self.pending_guids.clear()
        results = article_create_many(drafts=[draft for _post, draft, _f, _n in pending])
        for (post, draft, fingerprint, notes), result in zip(pending, results, strict=True):
            if isinstance(result, ValidationError):
                self.slugs.discard(draft.slug)
                self.report.add("failed", "article", post.title[:120], _messages(result))
                continue
            self._written(result, post, fingerprint, notes, created=True, before=None)

    def _written(
        self, article: Article, post: items.Post, fingerprint: str, notes: list[str], *,
        created: bool, before: tuple[str, str] | None,
    ) -> None:  # fmt: skip
        self.slugs.add(article.slug)
        self._filings(article, post, created=created)
        self._legacy(post.old_paths, LegacyTarget.ARTICLE, article.pk)
        self._remember("article", post.guid, article.pk, fingerprint)
        self.changed_count += 1
        if len(self.changed) <= self.options.relink_threshold:  # kept only for one-by-one
            self.changed.append(Written(article, before))
        self.report.add(
            "created" if created else "updated", "article", post.title[:120], "; ".join(notes)
        )
        self._comments(article, post)

    def _publication(self, post: items.Post) -> tuple[str | None, object, str]:
        if post.status != ArticleStatus.PUBLISHED or post.published_at is not None:
            return post.status, post.published_at, ""
        if self.options.undated == "now":
            return ArticleStatus.PUBLISHED, timezone.now(), "no date in the source: dated now"
        if self.options.undated == "skip":
            return None, None, "no date in the source (--undated=skip)"
        return ArticleStatus.DRAFT, None, "no date in the source: imported as a draft to date"

    def _slug(self, wanted: str, article: Article | None) -> str:
        if article is not None:
            return article.slug
        wanted = wanted[:200].strip("-")
        if not wanted:
            return ""
        return unique_slug(wanted, exists=self.slugs.__contains__)

    def _filings(self, article: Article, post: items.Post, *, created: bool) -> None:
        rows: list[Filing] = []
        seen: set[int] = set()
        for ref in post.terms:
            entity = self._ref_entity(ref)
            if entity.pk in seen:
                continue
            seen.add(entity.pk)
            rows.append(
                Filing(article=article, entity=entity, taxonomy=ref.taxonomy, position=len(rows))
            )
        if not created:
            Filing.objects.filter(article=article).delete()
            self.filings = [f for f in self.filings if f.article_id != article.pk]
        self.filings.extend(rows)

    # --- comments ------------------------------------------------------------------

    def _comments(self, article: Article, post: items.Post) -> None:
        if not post.comments:
            return
        by_key = {c.key: c for c in post.comments}
        ordered: list[items.Comment] = []
        placed: set[str] = set()

        def place(comment: items.Comment, depth: int = 0) -> None:
            if comment.key in placed or depth > 50:
                return
            parent = by_key.get(comment.parent)
            if parent is not None and parent.key not in placed:
                place(parent, depth + 1)
            placed.add(comment.key)
            ordered.append(comment)

        for comment in post.comments:
            place(comment)
        remembered = {c.key: self._recall("comment", f"{post.guid}#{c.key}") for c in ordered}
        existing = Comment.objects.in_bulk([r[0] for r in remembered.values() if r])
        saved: dict[str, Comment] = {}
        for comment in ordered:
            label = f"{comment.author or 'anonymous'} on {post.title[:60]}"
            memory = remembered[comment.key]
            fingerprint = digest(comment)
            instance = existing.get(memory[0]) if memory else None
            if instance is not None and memory and memory[1] == fingerprint:
                saved[comment.key] = instance
                self.report.add("skipped", comment.kind, label, "unchanged since the last import")
                continue
            text = html_to_text(comment.body_html)
            if not text:
                self.report.add("skipped", comment.kind, label, "empty")
                continue
            parent = saved.get(comment.parent) if comment.parent else None
            try:
                with transaction.atomic():
                    stored = comment_record(
                        comment=instance,
                        article=article,
                        parent=parent,
                        name=(comment.author or "Anonymous")[:80],
                        email=_valid_email(comment.email),
                        url=_valid_url(comment.url, 300),
                        body=text,
                        body_html=comment.body_html,
                        status=comment.status,
                        created_at=comment.created_at,
                        kind=comment.kind,
                    )
                    self._remember("comment", f"{post.guid}#{comment.key}", stored.pk, fingerprint)
            except ValidationError as error:
                self.report.add("failed", comment.kind, label, _messages(error))
                continue
            saved[comment.key] = stored
            reason = "" if not comment.parent or parent else "its parent is missing: shown at top"
            self.report.add("updated" if instance else "created", comment.kind, label, reason)
            self.commented.add(article.pk)

    # --- the end ---------------------------------------------------------------------

    def finish(self) -> None:
        self._flush_terms()
        self._flush_posts()
        self._flush()
        written_derive(
            written=self.changed,
            total=self.changed_count,
            bulk_from=self.options.relink_threshold,
            reason="an import",
        )
        if self.commented:
            comment_counts_refresh(article_ids=self.commented)
        if self.changed_count or self.commented:
            content_changed()


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(m for e in errors for m in e.messages)}"
            for field, errors in error.error_dict.items()
        )
    return " ".join(error.messages)


__all__ = ["ImportRefused", "LoadOptions", "digest", "load"]

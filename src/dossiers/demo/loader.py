"""Load the demo site (original content in demo/content/) through the services.

Idempotent: everything is keyed by slug (comments by article, author name and
time), so loading twice leaves the same site. One transaction: a bad file
leaves the database as it was, and the error names the file and the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from dossiers.comments.models import Comment
from dossiers.comments.services import comment_counts_refresh, comment_record
from dossiers.core.frontmatter import FrontMatterError, split_front_matter
from dossiers.demo.illustrations import CREDIT, Drawn, article_picture, hub_picture, portrait
from dossiers.hubs.models import Hub
from dossiers.hubs.services import hub_image_set, hub_save
from dossiers.knowledge.models import Entity
from dossiers.knowledge.services import AliasInput, entity_save
from dossiers.media.models import Image
from dossiers.media.services import image_upload
from dossiers.pipeline.services import article_save
from dossiers.publishing.models import Article, Author, Page
from dossiers.publishing.services import (
    article_featured_image_set,
    author_photo_set,
    author_save,
    page_write,
)

CONTENT_DIR = Path(__file__).resolve().parent / "content"


class DemoContentError(Exception):
    """The demo content is malformed; the message names the file and what to fix."""


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n

    def __str__(self) -> str:
        return ", ".join(f"{n} {kind}" for kind, n in self.counts.items())


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DemoContentError(f"{path.name}: cannot read it as YAML: {error}") from None


def _require(record: dict[str, Any], key: str, where: str) -> Any:
    value = record.get(key)
    if value in (None, ""):
        raise DemoContentError(f"{where}: the field '{key}' is missing")
    return value


def _datetime(value: Any, where: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        try:
            parsed = dt.datetime.fromisoformat(str(value))
        except ValueError:
            raise DemoContentError(f"{where}: '{value}' is not an ISO 8601 date-time") from None
    if parsed.tzinfo is None:
        raise DemoContentError(f"{where}: give the date-time with a time-zone offset")
    return parsed


def load_demo(
    content_dir: Path = CONTENT_DIR, *, progress: Callable[[str], None] | None = None
) -> LoadReport:
    say = progress or (lambda message: None)
    report = LoadReport()
    try:
        with transaction.atomic():
            authors = _load_authors(content_dir, report)
            say(f"{len(authors)} authors")
            entities = _load_entities(content_dir, report)
            say(f"{len(entities)} entities")
            articles = _load_articles(content_dir, authors, report)
            say(f"{len(articles)} articles")
            _load_hubs(content_dir, entities, articles, report)
            say(f"{report.counts.get('hubs', 0)} hubs")
            _load_comments(content_dir, articles, report)
            comment_counts_refresh()
            say(f"{report.counts.get('comments', 0)} comments")
            _load_pages(content_dir, report)
            _load_images(articles, report)
            say(f"{report.counts.get('images', 0)} images")
    except ValidationError as error:
        raise DemoContentError(f"invalid demo content: {error}") from None
    return report


def _load_authors(content_dir: Path, report: LoadReport) -> dict[str, Author]:
    authors: dict[str, Author] = {}
    for i, record in enumerate(_read_yaml(content_dir / "authors.yaml") or []):
        where = f"authors.yaml #{i + 1}"
        slug = _require(record, "slug", where)
        author = author_save(
            author=Author.objects.filter(slug=slug).first(),
            name=_require(record, "name", where),
            slug=slug,
            bio=record.get("bio", ""),
            links=record.get("links") or [],
        )
        authors[slug] = author
        report.add("authors")
    return authors


def _load_pages(content_dir: Path, report: LoadReport) -> None:
    """The standing pages (about, contact, privacy), linked from every page's footer."""
    for i, record in enumerate(_read_yaml(content_dir / "pages.yaml") or []):
        where = f"pages.yaml #{i + 1}"
        slug = _require(record, "slug", where)
        page_write(
            page=Page.objects.filter(slug=slug).first(),
            title=_require(record, "title", where),
            slug=slug,
            body=_require(record, "body", where),
            position=i,
        )
        report.add("pages")


def _alias_inputs(raw: list[Any], where: str) -> list[AliasInput]:
    aliases = []
    for item in raw or []:
        if isinstance(item, str):
            aliases.append(AliasInput(text=item))
        elif isinstance(item, dict) and item.get("text"):
            aliases.append(
                AliasInput(
                    text=str(item["text"]),
                    case_sensitive=item.get("case_sensitive"),
                    context_only=bool(item.get("context_only", False)),
                    cues_for=str(item.get("cues_for") or ""),
                    cues_against=str(item.get("cues_against") or ""),
                )
            )
        else:
            raise DemoContentError(f"{where}: an alias must be a string or have a 'text'")
    return aliases


def _load_entities(content_dir: Path, report: LoadReport) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    for i, record in enumerate(_read_yaml(content_dir / "entities.yaml") or []):
        where = f"entities.yaml #{i + 1}"
        slug = _require(record, "slug", where)
        entities[slug] = entity_save(
            entity=Entity.objects.filter(slug=slug).first(),
            name=_require(record, "name", where),
            slug=slug,
            type=_require(record, "type", where),
            definition=record.get("definition", ""),
            description=record.get("description", ""),
            aliases=_alias_inputs(record.get("aliases"), f"{where} ({slug})"),
            same_as=record.get("same_as") or [],
            match_name=bool(record.get("match_name", True)),
        )
        report.add("entities")
    return entities


def _load_articles(
    content_dir: Path, authors: dict[str, Author], report: LoadReport
) -> dict[str, Article]:
    articles: dict[str, Article] = {}
    for path in sorted((content_dir / "articles").glob("*.md")):
        try:
            meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        except FrontMatterError as error:
            raise DemoContentError(f"articles/{path.name}: {error}") from None
        where = f"articles/{path.name}"
        slug = meta.get("slug") or path.stem
        byline = []
        for author_slug in meta.get("authors") or []:
            if author_slug not in authors:
                raise DemoContentError(f"{where}: unknown author '{author_slug}'")
            byline.append(authors[author_slug])
        articles[slug] = article_save(
            article=Article.objects.filter(slug=slug).first(),
            title=_require(meta, "title", where),
            slug=slug,
            body=body,
            summary=meta.get("summary", ""),
            authors=byline,
            status=meta.get("status", "published"),
            published_at=_datetime(_require(meta, "date", where), where),
        )
        report.add("articles")
    return articles


def _load_hubs(
    content_dir: Path,
    entities: dict[str, Entity],
    articles: dict[str, Article],
    report: LoadReport,
) -> None:
    def pick(table: dict[str, Any], slugs: list[str], where: str, kind: str) -> list[Any]:
        missing = [slug for slug in slugs if slug not in table]
        if missing:
            raise DemoContentError(f"{where}: unknown {kind} {', '.join(missing)}")
        return [table[slug] for slug in slugs]

    for i, record in enumerate(_read_yaml(content_dir / "hubs.yaml") or []):
        where = f"hubs.yaml #{i + 1}"
        slug = _require(record, "slug", where)
        hub_save(
            hub=Hub.objects.filter(slug=slug).first(),
            name=_require(record, "name", where),
            headline=record.get("headline", ""),
            slug=slug,
            intro=record.get("intro", ""),
            status=record.get("status", "published"),
            key_entities=pick(entities, record.get("key_entities") or [], where, "entity"),
            pinned=pick(articles, record.get("pinned") or [], where, "article"),
            excluded=pick(articles, record.get("excluded") or [], where, "article"),
            **_rule(record, where),
        )
        report.add("hubs")


def _rule(record: dict[str, Any], where: str) -> dict[str, Any]:
    """The hub's membership rule (all optional): rule, min_salience, published_from/until."""
    rule: dict[str, Any] = {}
    if "rule" in record:
        if record["rule"] not in ("any", "all"):
            raise DemoContentError(f"{where}: rule must be 'any' or 'all'")
        rule["rule_mode"] = record["rule"]
    if "min_salience" in record:
        try:
            rule["min_salience"] = float(record["min_salience"])
        except (TypeError, ValueError):
            raise DemoContentError(f"{where}: min_salience must be a number from 0 to 1") from None
    for key in ("published_from", "published_until"):
        if record.get(key):
            value = record[key]
            if isinstance(value, dt.date):
                rule[key] = value
            else:
                try:
                    rule[key] = dt.date.fromisoformat(str(value))
                except ValueError:
                    raise DemoContentError(f"{where}: {key} must be a date (YYYY-MM-DD)") from None
    return rule


def _load_comments(content_dir: Path, articles: dict[str, Article], report: LoadReport) -> None:
    for path in sorted((content_dir / "comments").glob("*.yaml")):
        slug = path.stem
        if slug not in articles:
            raise DemoContentError(f"comments/{path.name}: no article with the slug '{slug}'")
        for record in _read_yaml(path) or []:
            _load_comment(articles[slug], record, None, f"comments/{path.name}", report)


def _load_comment(
    article: Article,
    record: dict[str, Any],
    parent: Comment | None,
    where: str,
    report: LoadReport,
) -> None:
    name = _require(record, "name", where)
    created_at = _datetime(_require(record, "created", where), where)
    existing = Comment.objects.filter(article=article, name=name, created_at=created_at).first()
    comment = comment_record(
        comment=existing,
        article=article,
        parent=parent,
        name=name,
        email=_require(record, "email", where),
        url=record.get("url") or "",
        body=_require(record, "body", where),
        status=record.get("status", "approved"),
        created_at=created_at,
    )
    report.add("comments")
    for reply in record.get("replies") or []:
        _load_comment(article, reply, comment, where, report)


def _demo_image(source: str, draw: Callable[[], Drawn], report: LoadReport) -> int:
    """The library's image for a demo picture, drawn and uploaded the first time only."""
    found = Image.objects.filter(source_url=source).values_list("pk", flat=True).first()
    if found is not None:
        return found
    drawn = draw()
    image = image_upload(
        data=drawn.data,
        alt=drawn.alt,
        title=source.removeprefix("demo:"),
        credit=CREDIT,
        source_url=source,
        make_renditions=False,  # made on their first request: loading stays quick
    )
    report.add("images")
    return image.pk


def _load_images(articles: dict[str, Article], report: LoadReport) -> None:
    """A drawn picture for every article, hub and author (illustrations.py)."""
    for slug, article in articles.items():
        pk = _demo_image(f"demo:article/{slug}", partial(article_picture, slug), report)
        if article.featured_image_id != pk:
            article_featured_image_set(article=article, image_id=pk)
    for hub in Hub.objects.all():
        pk = _demo_image(f"demo:hub/{hub.slug}", partial(hub_picture, hub.slug), report)
        if hub.image_id != pk:
            hub_image_set(hub=hub, image_id=pk)
    for author in Author.objects.all():
        pk = _demo_image(f"demo:author/{author.slug}", partial(portrait, author.name), report)
        if author.photo_id != pk:
            author_photo_set(author=author, image_id=pk)


def database_is_empty() -> bool:
    return not (Article.objects.exists() or Hub.objects.exists() or Entity.objects.exists())

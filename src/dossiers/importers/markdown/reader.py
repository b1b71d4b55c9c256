"""A folder of Markdown files (Hugo, Jekyll, Pelican) to importer records."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from dossiers.core.text import strip_control_characters
from dossiers.importers import items
from dossiers.importers.errors import ImportRefused
from dossiers.importers.markdown.frontmatter import Unreadable, front_matter, read_text, safe_yaml

SUFFIXES = (".md", ".markdown")
AUTHORS_FILE = "authors.yaml"
_JEKYLL_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")


def read(folder: Path) -> Iterator[items.Record]:
    """The folder's Markdown files as records, without control characters: a file that
    cannot be read is reported as failed, and the others import."""
    return items.scrubbed(_records(folder))


def _records(folder: Path) -> Iterator[items.Record]:
    if not folder.is_dir():
        raise ImportRefused(f"{folder}: not a folder")
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
    if not files:
        raise ImportRefused(f"{folder}: no Markdown files (.md) in it")
    yield items.Source(key="markdown", title=folder.name, format="markdown", total=len(files))
    yield from _authors(folder)
    for path in files:
        where = str(path.relative_to(folder))
        if path.name.startswith("_"):
            yield items.Skipped("page", where, "a section page (_index.md), not an article")
            continue
        try:
            yield _post(path, where)
        except Unreadable as error:
            yield items.Failed("article", where, str(error))
        except (ValueError, TypeError, AttributeError, OverflowError, RecursionError) as error:
            # A value no rule foresaw: this file is reported and skipped, the others import.
            yield items.Failed("article", where, f"could not read this file: {error}")


def _list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


def _date(value: Any, notes: list[str]) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)  # noqa: DTZ001 - zone set below
    else:
        text = str(value).strip().replace("Z", "+00:00")
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            raise Unreadable(
                f"date: {text[:60]!r} is not a date (write it as 2024-05-01 or "
                "2024-05-01T09:30:00+02:00)"
            ) from None
    if parsed.tzinfo is None:
        notes.append("its date has no time zone: read as UTC")
    in_utc = items.utc(parsed)
    if in_utc is None:
        raise Unreadable(f"date: {parsed.isoformat()} is out of range once in UTC")
    return in_utc


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _post(path: Path, where: str) -> items.Post:
    text, removed = strip_control_characters(read_text(path, where))
    meta, body = front_matter(text)
    meta = {str(k).lower(): v for k, v in meta.items()}
    notes: list[str] = [f"{removed} control characters removed"] if removed else []
    title = " ".join(str(meta.get("title") or "").split())
    if not title:
        raise Unreadable("no title in the front matter")
    jekyll = _JEKYLL_NAME.match(path.stem)
    summary = meta.get("summary") or meta.get("description") or meta.get("excerpt") or ""
    return items.Post(
        guid=str(meta.get("guid") or _slug(meta, path.stem, jekyll)),
        title=title,
        body=body,
        status="draft" if _is_draft(meta) else "published",
        published_at=_date(_date_value(meta, jekyll), notes),  # a draft keeps its planned date
        authors=tuple(_list(meta.get("authors")) or _list(meta.get("author"))),
        slug=_slug(meta, path.stem, jekyll),
        summary=" ".join(str(summary).split()),
        canonical_url=str(
            meta.get("canonical") or meta.get("canonicalurl") or meta.get("canonical_url") or ""
        ),
        terms=_terms(meta),
        notes=tuple(notes),
    )


def _slug(meta: dict[str, Any], stem: str, jekyll: re.Match[str] | None) -> str:
    return slugify(str(meta.get("slug") or (jekyll.group(4) if jekyll else stem)))


def _date_value(meta: dict[str, Any], jekyll: re.Match[str] | None) -> Any:
    """The front matter's date, or the one of a Jekyll file name (YYYY-MM-DD-slug.md)."""
    value = meta.get("date") or meta.get("publishdate") or meta.get("pubdate")
    if value in (None, "") and jekyll:
        year, month, day = (int(jekyll.group(n)) for n in (1, 2, 3))
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise Unreadable(
                f"the file name starts with {jekyll.group(1)}-{jekyll.group(2)}-"
                f"{jekyll.group(3)}, which is not a date (Jekyll names are YYYY-MM-DD-slug.md); "
                "rename the file or give a date: in the front matter"
            ) from None
    return value


def _is_draft(meta: dict[str, Any]) -> bool:
    """Hugo's `draft: true`, Pelican's `status: draft`, Jekyll's `published: false`."""
    return (
        _bool(meta.get("draft", False))
        or str(meta.get("status", "")).lower() == "draft"
        or ("published" in meta and not _bool(meta["published"]))
    )


def _terms(meta: dict[str, Any]) -> tuple[items.TermRef, ...]:
    categories = _list(meta.get("categories")) + _list(meta.get("category"))
    tags = _list(meta.get("tags"))
    return tuple(
        dict.fromkeys(
            [items.TermRef("category", slugify(c) or c, c) for c in categories]
            + [items.TermRef("tag", slugify(t) or t, t) for t in tags]
        )
    )


def _authors(folder: Path) -> Iterator[items.Person]:
    path = folder / AUTHORS_FILE
    if not path.is_file():
        return
    for record in _read_authors(path):
        if not isinstance(record, dict) or not record.get("name"):
            continue
        name = " ".join(str(record["name"]).split())
        slug = slugify(str(record.get("slug") or name))
        yield items.Person(
            key=slug,
            name=name,
            slug=slug,
            bio=str(record.get("bio") or ""),
            links=tuple(str(link) for link in _sequence(record.get("links"))),
            aliases=(name,),
        )


def _sequence(value: Any) -> list[Any]:
    if not value:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _read_authors(path: Path) -> list[Any]:
    try:
        data = safe_yaml(read_text(path, path.name))
    except Unreadable as error:
        raise ImportRefused(f"{path.name}: {error}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise ImportRefused(f"{path.name}: expected a list of authors (name, slug, bio, links)")
    return data

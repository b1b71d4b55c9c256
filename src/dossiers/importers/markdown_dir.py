"""A folder of Markdown files with front matter, in and out.

In: Hugo, Jekyll and Pelican conventions. YAML front matter fenced by `---`
(or Pelican's `Key: value` header lines): title, date, slug, author/authors,
tags, categories (Pelican's `category`), summary/description/excerpt, draft
(Jekyll's `published: false`, Pelican's `status: draft`), canonical. Jekyll's
`YYYY-MM-DD-slug.md` file names give the date and slug. An `authors.yaml`
beside the files gives the authors' names, slugs, bios and links.

Out: `export(folder)` writes one `<slug>.md` per article and `authors.yaml`,
in the same conventions, deterministically: exporting, importing into an
empty site and exporting again gives the same files byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from django.utils.text import slugify

from dossiers.importers import items
from dossiers.importers.errors import ImportRefused
from dossiers.importers.safety import check_text

MAX_FILE_BYTES = 10 * 1024 * 1024
SUFFIXES = (".md", ".markdown")
AUTHORS_FILE = "authors.yaml"
_JEKYLL_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
_PELICAN_HEADER = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")


def read(folder: Path) -> Iterator[items.Record]:
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
        except _Unreadable as error:
            yield items.Failed("article", where, str(error))


class _Unreadable(Exception):
    pass


def _read_text(path: Path, where: str) -> str:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _Unreadable(f"{size / 2**20:.0f} MB: a Markdown file of over 10 MB is refused")
    data = path.read_bytes()
    try:
        check_text(data[:65536], where=where)
    except ImportRefused as error:
        raise _Unreadable(str(error).removeprefix(f"{where}: ")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Unreadable(f"not UTF-8 text (byte {error.start}): save it as UTF-8") from None


def _safe_yaml(text: str) -> Any:
    """YAML without aliases: front matter never needs them, and a "YAML bomb" is made of them."""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise _Unreadable("the front matter uses YAML aliases (*name); they are refused")
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise _Unreadable(f"the front matter is not valid YAML: {error}") from None


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    stripped = text.lstrip("\ufeff")
    if stripped.startswith("---"):
        lines = stripped.splitlines(keepends=True)
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in {"---", "..."}), None)
        if end is None:
            raise _Unreadable("the front matter opened with --- is never closed")
        meta = _safe_yaml("".join(lines[1:end])) or {}
        if not isinstance(meta, dict):
            raise _Unreadable("the front matter must be a mapping of field: value")
        return meta, "".join(lines[end + 1 :]).lstrip("\n")
    # Pelican's header: "Key: value" lines up to the first blank line.
    lines = stripped.splitlines()
    meta: dict[str, Any] = {}
    index = 0
    while index < len(lines) and (match := _PELICAN_HEADER.match(lines[index])):
        meta[match.group(1).lower()] = match.group(2).strip()
        index += 1
    if meta and (index == len(lines) or not lines[index].strip()):
        return meta, "\n".join(lines[index:]).lstrip("\n") + ("\n" if text.endswith("\n") else "")
    return {}, text


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
            raise _Unreadable(f"the date {text!r} is not an ISO 8601 date") from None
    if parsed.tzinfo is None:
        notes.append("its date has no time zone: read as UTC")
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _post(path: Path, where: str) -> items.Post:
    meta, body = _front_matter(_read_text(path, where))
    meta = {str(k).lower(): v for k, v in meta.items()}
    notes: list[str] = []
    title = " ".join(str(meta.get("title") or "").split())
    if not title:
        raise _Unreadable("no title in the front matter")
    stem = path.stem
    jekyll = _JEKYLL_NAME.match(stem)
    date_value = meta.get("date") or meta.get("publishdate") or meta.get("pubdate")
    if date_value in (None, "") and jekyll:
        date_value = dt.date(int(jekyll.group(1)), int(jekyll.group(2)), int(jekyll.group(3)))
    published_at = _date(date_value, notes)
    draft = (
        _bool(meta.get("draft", False))
        or str(meta.get("status", "")).lower() == "draft"
        or ("published" in meta and not _bool(meta["published"]))
    )
    slug = slugify(str(meta.get("slug") or (jekyll.group(4) if jekyll else stem)))
    authors = _list(meta.get("authors")) or _list(meta.get("author"))
    categories = _list(meta.get("categories")) + _list(meta.get("category"))
    tags = _list(meta.get("tags"))
    summary = meta.get("summary") or meta.get("description") or meta.get("excerpt") or ""
    terms = tuple(
        dict.fromkeys(
            [items.TermRef("category", slugify(c) or c, c) for c in categories]
            + [items.TermRef("tag", slugify(t) or t, t) for t in tags]
        )
    )
    return items.Post(
        guid=str(meta.get("guid") or slug),
        title=title,
        body=body,
        status="draft" if draft else "published",
        published_at=published_at,  # a draft keeps its planned date
        authors=tuple(authors),
        slug=slug,
        summary=" ".join(str(summary).split()),
        canonical_url=str(
            meta.get("canonical") or meta.get("canonicalurl") or meta.get("canonical_url") or ""
        ),
        terms=terms,
        notes=tuple(notes),
    )


def _authors(folder: Path) -> Iterator[items.Person]:
    path = folder / AUTHORS_FILE
    if not path.is_file():
        return
    data = _read_authors(path)
    for record in data:
        if not isinstance(record, dict) or not record.get("name"):
            continue
        name = " ".join(str(record["name"]).split())
        slug = slugify(str(record.get("slug") or name))
        yield items.Person(
            key=slug,
            name=name,
            slug=slug,
            bio=str(record.get("bio") or ""),
            links=tuple(str(link) for link in record.get("links") or []),
            aliases=(name,),
        )


def _read_authors(path: Path) -> list[Any]:
    try:
        data = _safe_yaml(_read_text(path, path.name))
    except _Unreadable as error:
        raise ImportRefused(f"{path.name}: {error}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise ImportRefused(f"{path.name}: expected a list of authors (name, slug, bio, links)")
    return data


# --- Export ----------------------------------------------------------------------------


class ExportRefused(Exception):
    pass


def _dump(data: Any) -> str:
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )


def export(folder: Path, *, force: bool = False) -> int:
    """Write every article as `<slug>.md` and the authors as `authors.yaml`. Returns the
    number of articles. Refuses a non-empty folder unless `force`."""
    from dossiers.knowledge.models import Filing
    from dossiers.publishing.models import Article, ArticleAuthor, ArticleStatus, Author

    folder = folder.resolve()
    if folder.exists() and not folder.is_dir():
        raise ExportRefused(f"{folder}: exists and is not a folder")
    if folder.exists() and any(folder.iterdir()) and not force:
        raise ExportRefused(f"{folder}: not empty (use --force to write into it)")
    folder.mkdir(parents=True, exist_ok=True)
    bylines: dict[int, list[str]] = defaultdict(list)
    for article_id, name in ArticleAuthor.objects.order_by(
        "article_id", "position", "id"
    ).values_list("article_id", "author__name"):
        bylines[article_id].append(name)
    filed: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for article_id, taxonomy, name in Filing.objects.order_by(
        "article_id", "taxonomy", "position", "id"
    ).values_list("article_id", "taxonomy", "entity__name"):
        filed[article_id][taxonomy].append(name)
    written: set[str] = set()
    count = 0
    for article in Article.objects.order_by("slug").iterator(chunk_size=500):
        meta: dict[str, Any] = {"title": article.title, "slug": article.slug}
        if article.published_at is not None:
            meta["date"] = article.published_at.astimezone(dt.UTC).isoformat()
        if article.status == ArticleStatus.DRAFT:
            meta["draft"] = True
        meta["authors"] = bylines.get(article.pk, [])
        for taxonomy, key in (("category", "categories"), ("tag", "tags")):
            if filed[article.pk].get(taxonomy):
                meta[key] = filed[article.pk][taxonomy]
        if article.summary:
            meta["summary"] = article.summary
        if article.canonical_url:
            meta["canonical"] = article.canonical_url
        text = f"---\n{_dump(meta)}---\n\n{article.body.strip(chr(10))}\n"
        _write(folder, f"{article.slug}.md", text, written)
        count += 1
    authors = [
        {"name": a.name, "slug": a.slug, "bio": a.bio, "links": list(a.links)}
        for a in Author.objects.order_by("slug")
    ]
    _write(folder, AUTHORS_FILE, _dump(authors), written)
    return count


def _write(folder: Path, name: str, text: str, written: set[str]) -> None:
    """Write inside `folder` only, and never the same file twice."""
    target = (folder / name).resolve()
    if target.parent != folder:
        raise ExportRefused(f"{name}: outside {folder}; refused")
    if name in written:
        raise ExportRefused(f"{name}: would be written twice; refused")
    written.add(name)
    target.write_text(text, encoding="utf-8", newline="\n")

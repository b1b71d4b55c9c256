"""The site as a folder of Markdown files, in the conventions `reader` reads.

One `<slug>.md` per article (YAML front matter, then the body) and
`authors.yaml`, deterministically: exporting, importing into an empty site
and exporting again gives the same files byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from dossiers.importers.markdown.reader import AUTHORS_FILE
from dossiers.knowledge.models import Filing
from dossiers.publishing.models import Article, ArticleAuthor, ArticleStatus, Author


class ExportRefused(Exception):
    pass


def export(folder: Path, *, force: bool = False) -> int:
    """Write every article as `<slug>.md` and the authors as `authors.yaml`. Returns the
    number of articles. Refuses a non-empty folder unless `force`."""
    folder = _prepare(folder.resolve(), force=force)
    bylines = _bylines()
    filed = _filings()
    written: set[str] = set()
    count = 0
    for article in Article.objects.order_by("slug").iterator(chunk_size=500):
        meta = _meta(article, bylines.get(article.pk, []), filed.get(article.pk, {}))
        text = f"---\n{_dump(meta)}---\n\n{article.body.strip(chr(10))}\n"
        _write(folder, f"{article.slug}.md", text, written)
        count += 1
    authors = [
        {"name": a.name, "slug": a.slug, "bio": a.bio, "links": list(a.links)}
        for a in Author.objects.order_by("slug")
    ]
    _write(folder, AUTHORS_FILE, _dump(authors), written)
    return count


def _prepare(folder: Path, *, force: bool) -> Path:
    if folder.exists() and not folder.is_dir():
        raise ExportRefused(f"{folder}: exists and is not a folder")
    if folder.exists() and any(folder.iterdir()) and not force:
        raise ExportRefused(f"{folder}: not empty (use --force to write into it)")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _bylines() -> dict[int, list[str]]:
    """Author names of every article, in byline order."""
    bylines: dict[int, list[str]] = defaultdict(list)
    for article_id, name in ArticleAuthor.objects.order_by(
        "article_id", "position", "id"
    ).values_list("article_id", "author__name"):
        bylines[article_id].append(name)
    return bylines


def _filings() -> dict[int, dict[str, list[str]]]:
    """Category and tag names of every article, by taxonomy, in the source's order."""
    filed: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for article_id, taxonomy, name in Filing.objects.order_by(
        "article_id", "taxonomy", "position", "id"
    ).values_list("article_id", "taxonomy", "entity__name"):
        filed[article_id][taxonomy].append(name)
    return filed


def _meta(article: Article, authors: list[str], filed: dict[str, list[str]]) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": article.title, "slug": article.slug}
    if article.published_at is not None:
        meta["date"] = article.published_at.astimezone(dt.UTC).isoformat()
    if article.status == ArticleStatus.DRAFT:
        meta["draft"] = True
    meta["authors"] = authors
    for taxonomy, key in (("category", "categories"), ("tag", "tags")):
        if filed.get(taxonomy):
            meta[key] = filed[taxonomy]
    if article.summary:
        meta["summary"] = article.summary
    if article.canonical_url:
        meta["canonical"] = article.canonical_url
    return meta


def _dump(data: Any) -> str:
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )


def _write(folder: Path, name: str, text: str, written: set[str]) -> None:
    """Write inside `folder` only, and never the same file twice."""
    target = (folder / name).resolve()
    if target.parent != folder:
        raise ExportRefused(f"{name}: outside {folder}; refused")
    if name in written:
        raise ExportRefused(f"{name}: would be written twice; refused")
    written.add(name)
    target.write_text(text, encoding="utf-8", newline="\n")

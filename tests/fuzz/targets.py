"""The parsers under fuzzing, each as one function of its input, and what every result
must satisfy. No database: the readers only yield records.

A target returns normally (a result) or raises `ImportRefused` (a clear refusal).
Anything else is a crash; so is a record that breaks `check_records` (text the
database cannot store, a naive or impossible date).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dossiers.core.markdown import (
    render_article_markdown,
    render_comment_markdown,
    sanitise_comment_html,
)
from dossiers.importers import feeds, items, markdown, wordpress
from dossiers.importers.errors import ImportRefused
from dossiers.search.query import parse_query

ALLOWED_CONTROLS = frozenset("\t\n\r")
GOOD_MARKDOWN = "---\ntitle: A good file\ndate: 2024-05-01T10:00:00Z\n---\nIt imports.\n"


class Broken(AssertionError):
    """A result that must not come out of a parser."""


def check_text(value: str, where: str) -> None:
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs":
            raise Broken(f"{where}: a lone surrogate (the database cannot store it)")
        if category == "Cc" and char not in ALLOWED_CONTROLS:
            raise Broken(f"{where}: a control character")


def check_value(value: Any, where: str) -> None:
    if isinstance(value, str):
        check_text(value, where)
    elif isinstance(value, tuple):
        for index, part in enumerate(value):
            check_value(part, f"{where}[{index}]")
    elif isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise Broken(f"{where}: a naive datetime")
        try:
            value.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise Broken(f"{where}: a datetime out of range in UTC") from None
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            check_value(getattr(value, field.name), f"{where}.{field.name}")


def check_records(records: list[Any]) -> None:
    for index, record in enumerate(records):
        if not isinstance(record, items.Record):
            raise Broken(f"record {index}: not an importer record: {record!r}")
        check_value(record, f"record {index} ({type(record).__name__})")


class Workspace:
    """A temporary folder the file-based readers read from, reused between inputs."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="dossiers-fuzz-"))

    def file(self, name: str, data: bytes) -> Path:
        path = self.root / name
        path.write_bytes(data)
        return path

    def folder(self, files: dict[str, bytes]) -> Path:
        folder = self.root / "folder"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        return folder

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def run_wxr(work: Workspace, data: bytes) -> list[Any]:
    path = work.file("export.xml", data)
    try:
        records = list(wordpress.read(path, pages=True))
    except ImportRefused:
        return []
    check_records(records)
    return records


def run_feed(work: Workspace, data: bytes) -> list[Any]:
    path = work.file("feed.xml", data)
    try:
        records = list(feeds.read(str(path)))
    except ImportRefused:
        return []
    check_records(records)
    return records


def run_markdown(work: Workspace, data: bytes, name: str = "post.md") -> list[Any]:
    """The fuzzed file in a folder beside a good one: the good one must always import."""
    if name.lower() in {"0-good.md", "authors.yaml"} or "/" in name or "\x00" in name:
        name = "post.md"
    try:
        folder = work.folder({"0-good.md": GOOD_MARKDOWN.encode(), name: data})
    except (OSError, UnicodeEncodeError):
        folder = work.folder({"0-good.md": GOOD_MARKDOWN.encode(), "post.md": data})
    records = list(markdown.read(folder))  # a folder with a good file is never refused
    check_records(records)
    if not any(isinstance(r, items.Post) and r.title == "A good file" for r in records):
        raise Broken("the good file of the folder was not imported")
    return records


def run_query(text: str) -> Any:
    parsed = parse_query(text)
    for clause in parsed.clauses:
        for phrase in clause.options:
            for word in phrase.words:
                check_text(word, "query word")
    check_text(parsed.message, "query message")
    return parsed


def run_render(text: str) -> list[str]:
    out = [
        render_article_markdown(text),
        render_comment_markdown(text),
        sanitise_comment_html(text),
    ]
    for html in out:
        check_text(html, "rendered HTML")
    return out


TARGETS: dict[str, Callable[..., Any]] = {
    "wxr": run_wxr,
    "feeds": run_feed,
    "markdown": run_markdown,
    "query": run_query,
    "render": run_render,
}

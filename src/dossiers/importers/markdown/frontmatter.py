"""Reading one Markdown file: its bytes checked, its front matter (YAML fenced by `---`,
or Pelican's `Key: value` header lines) split from its body."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from dossiers.importers.errors import ImportRefused
from dossiers.importers.safety import check_text

MAX_FILE_BYTES = 10 * 1024 * 1024
_PELICAN_HEADER = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")


class Unreadable(Exception):
    """One file cannot be read; the others still import."""


def read_text(path: Path, where: str) -> str:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise Unreadable(f"{size / 2**20:.0f} MB: a Markdown file of over 10 MB is refused")
    data = path.read_bytes()
    try:
        check_text(data[:65536], where=where)
    except ImportRefused as error:
        raise Unreadable(str(error).removeprefix(f"{where}: ")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(f"not UTF-8 text (byte {error.start}): save it as UTF-8") from None


def safe_yaml(text: str) -> Any:
    """YAML without aliases: front matter never needs them, and a "YAML bomb" is made of them."""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise Unreadable("the front matter uses YAML aliases (*name); they are refused")
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise Unreadable(f"the front matter is not valid YAML: {error}") from None


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(metadata, body); the metadata is {} when the file has none."""
    stripped = text.lstrip("\ufeff")
    if stripped.startswith("---"):
        return _fenced(stripped)
    return _pelican(stripped, ends_with_newline=text.endswith("\n")) or ({}, text)


def _fenced(text: str) -> tuple[dict[str, Any], str]:
    lines = text.splitlines(keepends=True)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in {"---", "..."}), None)
    if end is None:
        raise Unreadable("the front matter opened with --- is never closed")
    meta = safe_yaml("".join(lines[1:end])) or {}
    if not isinstance(meta, dict):
        raise Unreadable("the front matter must be a mapping of field: value")
    return meta, "".join(lines[end + 1 :]).lstrip("\n")


def _pelican(text: str, *, ends_with_newline: bool) -> tuple[dict[str, Any], str] | None:
    """Pelican's header: "Key: value" lines up to the first blank line; None without one."""
    lines = text.splitlines()
    meta: dict[str, Any] = {}
    index = 0
    while index < len(lines) and (match := _PELICAN_HEADER.match(lines[index])):
        meta[match.group(1).lower()] = match.group(2).strip()
        index += 1
    if meta and (index == len(lines) or not lines[index].strip()):
        body = "\n".join(lines[index:]).lstrip("\n") + ("\n" if ends_with_newline else "")
        return meta, body
    return None

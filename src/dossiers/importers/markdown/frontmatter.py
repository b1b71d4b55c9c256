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
# Front matter is a few lines; PyYAML's time grows with the square of the nesting depth
# (20 KB of "[" took a minute), so deeper or longer front matter is refused first.
MAX_FRONT_MATTER_CHARS = 256 * 1024
MAX_NESTING = 32
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PELICAN_HEADER = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")


class Unreadable(Exception):
    """One file cannot be read; the others still import."""


def read_text(path: Path, where: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise Unreadable(f"{size / 2**20:.0f} MB: a Markdown file of over 10 MB is refused")
        data = path.read_bytes()
    except OSError as error:
        raise Unreadable(f"cannot read the file ({error.strerror})") from None
    try:
        check_text(data[:65536], where=where)
    except ImportRefused as error:
        raise Unreadable(str(error).removeprefix(f"{where}: ")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(f"not UTF-8 text (byte {error.start}): save it as UTF-8") from None


def safe_yaml(text: str) -> Any:
    """YAML without aliases: front matter never needs them, and a "YAML bomb" is made of them.
    Too long or too deeply nested YAML is refused before it is parsed (in linear time)."""
    if len(text) > MAX_FRONT_MATTER_CHARS:
        raise Unreadable(
            f"the front matter is {len(text):,} characters long, over the limit of "
            f"{MAX_FRONT_MATTER_CHARS:,}; keep the body after the closing ---"
        )
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise Unreadable(
            f"the front matter nests lists or mappings {depth} deep ('[' or '{{' inside one "
            f"another), over the limit of {MAX_NESTING}; quote a value that starts with '['"
        )
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                raise Unreadable("the front matter uses YAML aliases (*name); they are refused")
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise Unreadable(f"the front matter is not valid YAML: {_first_line(error)}") from None
    except (ValueError, OverflowError, TypeError, RecursionError) as error:
        # PyYAML builds dates and numbers with Python's types: 2021-02-29, a 5,000-digit int.
        raise Unreadable(
            f"the front matter holds a value that cannot be read{_culprit(text)}: {error} "
            "(correct it, or put it in quotes to keep it as text)"
        ) from None


def _culprit(text: str) -> str:
    """Where the value that cannot be built is, as " (line 3, date)"; "" if that cannot
    be told (not a mapping)."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return ""
    if not isinstance(node, yaml.MappingNode):
        return ""
    for key, value in node.value:
        try:
            yaml.SafeLoader("").construct_object(value, deep=True)
        except (ValueError, OverflowError, TypeError, RecursionError, yaml.YAMLError):
            name = str(key.value)[:40] if isinstance(key, yaml.ScalarNode) else "?"
            return f" (line {value.start_mark.line + 2}, {name})"
    return ""


def nesting_depth(text: str) -> int:
    """How deep flow collections ('[', '{') nest, outside quoted strings; one pass."""
    depth = deepest = 0
    quote = ""
    before = "\n"
    for char in text:
        if quote:
            if char == quote or char == "\n":
                quote = ""
        elif char in "'\"" and before in " \t\n[{,:":  # a quoted scalar starts here
            quote = char
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
        before = char
    return deepest


def _first_line(error: yaml.YAMLError) -> str:
    return " ".join(str(error).split())[:300]


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

"""YAML front matter (Hugo, Jekyll, Pelican style): `---` fenced metadata, then the body."""

from __future__ import annotations

from typing import Any

import yaml


class FrontMatterError(ValueError):
    pass


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(metadata, body) of a Markdown document; metadata is {} when there is none."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        return {}, text
    lines = text.splitlines(keepends=True)
    if lines[0].strip() != "---":
        return {}, text
    for index in range(1, len(lines)):
        if lines[index].strip() in {"---", "..."}:
            raw = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            try:
                data = yaml.safe_load(raw) or {}
            except yaml.YAMLError as error:
                raise FrontMatterError(f"the front matter is not valid YAML: {error}") from None
            if not isinstance(data, dict):
                raise FrontMatterError("the front matter must be a mapping of field: value")
            return data, body.lstrip("\n")
    raise FrontMatterError("the front matter opened with --- is never closed")

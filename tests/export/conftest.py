"""Helpers for the export's tests: a link checker over a written folder."""

from __future__ import annotations

import os
from pathlib import Path

from dossiers.export.links import file_name, internal_links
from dossiers.export.writer import MANIFEST

LIVE_ONLY = ("search/", "admin/", "api/")


def files_of(root: Path) -> dict[str, int]:
    """Every file of the export (the manifest left aside) -> its mtime in ns."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if name != MANIFEST:
                found[str(path.relative_to(root))] = path.stat().st_mtime_ns
    return found


def broken_links(root: Path, *, origin: str, prefix: str = "/") -> dict[str, str]:
    """Internal links (href, src, <loc>, stylesheets' url()) without a file: link -> where."""
    broken: dict[str, str] = {}
    for name in files_of(root):
        path = "/" + name.removesuffix("index.html")
        url = origin + prefix.rstrip("/") + path
        content = (root / name).read_bytes()
        for link in internal_links(content, name=name, url=url, root=origin + prefix):
            inside = link.removeprefix(prefix)
            if inside.startswith(LIVE_ONLY):
                continue
            if not (root / file_name(link, prefix)).is_file():
                broken.setdefault(link, name)
    return broken

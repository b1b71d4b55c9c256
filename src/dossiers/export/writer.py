"""The only code that writes into an export's folder.

It refuses any path outside the folder (`../`, absolute paths, a symlink leading out) and
a second write to the same path in one run (two pages claiming one file is a bug, never
something to settle by the last writer winning). A file whose content hash is the one the
manifest recorded, and which is still there, is not touched (its mtime stays, so `rsync`,
`rclone` and CDNs see nothing new); any other is written to a temporary file beside it and
moved into place with `os.replace`, so a reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = ".dossiers-export.json"
MANIFEST_VERSION = 1


class UnsafePath(ValueError):
    """A path outside the export's folder, or one written twice."""


def digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=20).hexdigest()


@dataclass
class Manifest:
    """What the last run wrote: file -> content hash, and the fingerprint of its inputs."""

    files: dict[str, str] = field(default_factory=dict)
    fingerprint: str = ""

    @classmethod
    def load(cls, root: Path) -> Manifest:
        try:
            data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            return cls()
        files = data.get("files")
        return cls(
            files=dict(files) if isinstance(files, dict) else {},
            fingerprint=str(data.get("fingerprint") or ""),
        )

    def dumps(self) -> bytes:
        data = {
            "version": MANIFEST_VERSION,
            "fingerprint": self.fingerprint,
            "files": dict(sorted(self.files.items())),
        }
        return json.dumps(data, indent=0, ensure_ascii=False).encode()

    def complete(self, root: Path) -> bool:
        """Whether every file the manifest lists is still in the folder."""
        return all((root / name).is_file() for name in self.files)


class SafeWriter:
    def __init__(self, root: Path, previous: Manifest) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root.resolve()
        self.previous = previous
        self.written: dict[str, str] = {}  # this run: file -> hash
        self.changed = 0
        self.unchanged = 0

    def target(self, name: str) -> Path:
        """The file for `name` ('topics/x/index.html'), or UnsafePath."""
        pure = PurePosixPath(name)
        if not name or pure.is_absolute() or "\\" in name or "\0" in name:
            raise UnsafePath(f"not a relative path: {name!r}")
        # Raw segments, not pure.parts (which folds "a/./b" into "a/b"): one file, one name.
        if any(part in ("..", ".", "") for part in name.split("/")) or name == MANIFEST:
            raise UnsafePath(f"refusing {name!r}: it would leave the export's folder")
        path = self.root.joinpath(*pure.parts)
        # A symlink inside the folder may still lead out of it.
        if not path.parent.resolve().is_relative_to(self.root) and path.parent.exists():
            raise UnsafePath(f"refusing {name!r}: it leads outside the export's folder")
        return path

    def write(self, name: str, content: bytes) -> bool:
        """Write `content` as `name` unless it is already there; True if the file changed."""
        path = self.target(name)
        if name in self.written:
            raise UnsafePath(f"{name!r} written twice in one export")
        hashed = digest(content)
        self.written[name] = hashed
        if self.previous.files.get(name) == hashed and path.is_file():
            self.unchanged += 1
            return False
        _replace(path, content)
        self.changed += 1
        return True

    def prune(self) -> int:
        """Remove the files the last run wrote and this one did not (an unpublished page)."""
        removed = 0
        for name in set(self.previous.files) - set(self.written):
            try:
                path = self.target(name)
            except UnsafePath:
                continue
            if path.is_file():
                path.unlink()
                removed += 1
        return removed

    def finish(self, fingerprint: str) -> None:
        """Record this run. When no file changed, the manifest is left as it is, even if the
        fingerprint moved (an edit that changed no page): the folder stays byte-for-byte and
        mtime-for-mtime the same, and the next run renders again, to write nothing again."""
        if self.written == self.previous.files:
            return
        manifest = Manifest(files=self.written, fingerprint=fingerprint)
        content = manifest.dumps()
        path = self.root / MANIFEST
        if not path.is_file() or path.read_bytes() != content:
            _replace(path, content)


def _replace(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

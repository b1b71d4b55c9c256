"""Checks every file goes through before a parser sees it: size, binary data, hostile XML.

Each check reads a bounded prefix of the file, so a 100 MB file of junk is
refused in milliseconds, and the message names the problem.
"""

from __future__ import annotations

import re
from pathlib import Path

from dossiers.core.config import conf
from dossiers.importers.errors import ImportRefused

PREFIX_BYTES = 64 * 1024
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# An entity declaration in a DOCTYPE: <!ENTITY name "value"> or <!ENTITY % name SYSTEM "uri">.
_ENTITY_DECL = re.compile(
    rb"<!ENTITY\s+(%\s*)?([^\s]+)\s+(?:(SYSTEM|PUBLIC)\b|([\"'])(.*?)\4)", re.S | re.I
)
MAX_ENTITY_VALUE = 1024


def max_bytes() -> int:
    return conf().import_max_mb * 1024 * 1024


def check_size(path: Path, *, limit: int | None = None) -> int:
    """The file's size; refuses a missing, empty or too large file."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportRefused(f"{path}: no such file") from None
    except OSError as error:
        raise ImportRefused(f"{path}: cannot read it ({error.strerror})") from None
    if not path.is_file():
        raise ImportRefused(f"{path}: not a file")
    if size == 0:
        raise ImportRefused(f"{path}: the file is empty")
    limit = max_bytes() if limit is None else limit
    if size > limit:
        raise ImportRefused(
            f"{path}: the file is {size / 2**20:.0f} MB, over the limit of "
            f"{limit / 2**20:.0f} MB (DOSSIERS_IMPORT_MAX_MB)"
        )
    return size


def read_prefix(path: Path, n: int = PREFIX_BYTES) -> bytes:
    with path.open("rb") as handle:
        return handle.read(n)


def check_text(prefix: bytes, *, where: str) -> None:
    """Refuses binary data: NUL bytes (outside UTF-16/32, which have a BOM) or an archive."""
    if prefix.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")):
        return
    if prefix.startswith((b"\x00<", b"<\x00", b"\x00\x00\x00<", b"<\x00\x00\x00")):
        return  # UTF-16 or UTF-32 without a byte order mark, declared in the XML prolog
    if prefix[:4] in (b"PK\x03\x04", b"\x1f\x8b\x08\x00") or prefix[:2] == b"\x1f\x8b":
        raise ImportRefused(f"{where}: this is a compressed archive, not a text file; unpack it")
    nul = prefix.find(b"\x00")
    if nul >= 0:
        raise ImportRefused(
            f"{where}: binary data (a NUL byte at offset {nul}); this is not a text file"
        )


def check_xml_prolog(prefix: bytes, *, where: str, allow_internal_entities: bool) -> None:
    """Refuses XML whose DOCTYPE could make a parser fetch or expand its way into trouble.

    External general entities (SYSTEM/PUBLIC: a file or URL the parser would
    read, "XXE") are always refused. Internal entities are refused for
    WordPress exports (they never declare one); feeds may define simple ones
    ("&id;" for a prefix), but not entities built from other entities (the
    "billion laughs") nor long ones. Parameter entities in a feed's DOCTYPE
    (a reference to a public DTD) are left alone: feedparser strips every
    declaration that is not a plain character reference before parsing.
    """
    head = prefix.lstrip(b"".join(_BOMS) + b" \t\r\n")
    root = re.search(rb"<[A-Za-z_]", head)
    head = head[: root.start()] if root else head
    if not re.search(rb"<!DOCTYPE", head, re.I):
        return
    for match in _ENTITY_DECL.finditer(head):
        parameter, name, external = match.group(1), match.group(2), match.group(3)
        value = match.group(5)
        label = name.decode("utf-8", "replace")
        if not allow_internal_entities:
            raise ImportRefused(
                f"{where}: the XML declares an entity in its DOCTYPE ({label}); a WordPress "
                "export never does, and entity expansion is refused"
            )
        if parameter:
            continue
        if external:
            raise ImportRefused(
                f"{where}: the XML declares an external entity ({label}), which would make the "
                "parser read another file or URL; refused"
            )
        plain = re.sub(rb"&#x?[0-9A-Fa-f]+;", b"", value or b"")  # character references are fine
        if b"&" in plain or b"%" in plain or len(value or b"") > MAX_ENTITY_VALUE:
            raise ImportRefused(
                f"{where}: the XML declares an entity built from other entities, or too long to "
                f"be safe ({label}): entity expansion refused"
            )

"""Reading a WordPress export as XML: one child of <channel> at a time, in bounded memory.

The file is read through `stream.LenientStream`, which mends a raw `&` and a
`]]>` inside CDATA the way WordPress's importer reads them. Faults lxml's
recover mode reads correctly are reported as warnings; a structural fault (a
mismatched tag, a cut off file) refuses the file with its line. Entities are
never expanded and nothing is fetched from the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from dossiers.importers.errors import ImportRefused
from dossiers.importers.wordpress.stream import LenientStream

# Faults of real exports that lxml's recover mode reads the way WordPress does.
RECOVERABLE = frozenset(
    {
        "ERR_ENTITYREF_SEMICOL_MISSING",  # "AT&T", "?a=1&b=2"
        "ERR_ENTITYREF_NO_NAME",  # "Q & A"
        "ERR_NAME_REQUIRED",
        "ERR_UNDECLARED_ENTITY",  # &nbsp; outside CDATA
        "WAR_UNDECLARED_ENTITY",
        "ERR_MISPLACED_CDATA_END",  # "]]>" inside CDATA (WordPress's own parser accepts it)
        "NS_ERR_UNDEFINED_NAMESPACE",  # a plugin's prefix without its xmlns
        "ERR_INVALID_CHAR",  # stray control characters
        "ERR_INVALID_CHARREF",
    }
)


def kind(tag: str) -> tuple[str, str]:
    """(namespace family, local name) of an element tag."""
    if tag[:1] != "{":
        return "", tag
    uri, local = tag[1:].split("}", 1)
    if "wordpress.org/export" in uri:
        return ("excerpt" if "excerpt" in uri else "wp"), local
    if "purl.org/rss/1.0/modules/content" in uri:
        return "content", local
    if "purl.org/dc/elements" in uri:
        return "dc", local
    return "other", local


def element_text(element: Any) -> str:
    """An element's text; "" when lxml cannot give it as a string (its recover mode keeps
    bytes no Python string holds, such as an encoded surrogate)."""
    try:
        return element.text or ""
    except (UnicodeDecodeError, ValueError):
        return ""


class Fields:
    """An element's children by (namespace family, local name)."""

    def __init__(self, element: Any) -> None:
        self.element = element
        self.children: dict[tuple[str, str], list[Any]] = {}
        for child in element:
            if isinstance(child.tag, str):
                self.children.setdefault(kind(child.tag), []).append(child)

    def text(self, family: str, local: str) -> str:
        found = self.children.get((family, local))
        return element_text(found[0]).strip() if found else ""

    def raw(self, family: str, local: str) -> str:
        found = self.children.get((family, local))
        return element_text(found[0]) if found else ""

    def all(self, family: str, local: str) -> list[Any]:
        return self.children.get((family, local), [])


def _iterparse(stream: LenientStream, *, recover: bool) -> Any:
    return etree.iterparse(
        stream,
        events=("start", "end"),
        recover=recover,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def channel_children(
    path: Path, *, recover: bool, warnings: list[str] | None = None
) -> Iterator[Any]:
    """Each direct child of <channel>, complete, then freed (bounded memory).

    At the end, refuses the file if the parser met a structural fault, and
    adds the recoverable ones to `warnings`.
    """
    depth = 0
    with path.open("rb") as raw:
        stream = LenientStream(raw)
        context = _iterparse(stream, recover=recover)
        for event, element in context:
            if event == "start":
                depth += 1
                if depth == 1:
                    _refuse_entities(element, path)
                continue
            depth -= 1
            if depth == 2:  # rss > channel > child
                yield element
                _free(element)
        found = _check_log(context.error_log, path)
    if warnings is not None:
        warnings.extend(_mended(stream))
        warnings.extend(found)


def _free(element: Any) -> None:
    element.clear(keep_tail=False)
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _mended(stream: LenientStream) -> list[str]:
    notes = []
    if stream.mended_ampersands:
        notes.append(
            f"{stream.mended_ampersands} raw '&' or HTML entities outside CDATA read as text"
        )
    if stream.removed_controls:
        notes.append(f"{stream.removed_controls} control characters removed (XML allows none)")
    if stream.replaced_surrogates:
        notes.append(
            f"encoding error: {stream.replaced_surrogates} byte sequences that are not UTF-8 "
            "(encoded surrogates) shown as \ufffd; re-export the site, or fix the file's encoding"
        )
    if stream.mended_cdata_ends:
        notes.append(f"{stream.mended_cdata_ends} ']]>' inside CDATA read as text")
    return notes


def _refuse_entities(root: Any, path: Path) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and list(dtd.entities()):
        raise ImportRefused(
            f"{path.name}: the XML declares entities in a DOCTYPE; a WordPress export never "
            "does, and entity expansion is refused"
        )
    local = kind(root.tag)[1] if isinstance(root.tag, str) else "?"
    if local != "rss":
        raise ImportRefused(
            f"{path.name}: not a WordPress export: the document is <{local[:40]}>, not <rss>"
        )


def _check_log(log: Any, path: Path) -> list[str]:
    """Refuse on a structural fault; return the recoverable ones as warnings."""
    warnings = []
    for entry in log:
        if entry.type_name not in RECOVERABLE:
            raise ImportRefused(describe(path, entry.line, entry.column, entry.message))
        warnings.append(f"line {entry.line}: {entry.message.strip()}")
    return warnings


def describe(path: Path, line: int, column: int, message: str) -> str:
    """The message of a structural fault, with a hint at its likely cause."""
    message = message.strip().rstrip(".")
    return (
        f"{path.name}: not well-formed XML at line {line}, column {column}: "
        f"{message}{_hint(path, message.lower())}; nothing was imported"
    )


def _hint(path: Path, lowered: str) -> str:
    if (
        "premature end" in lowered
        or "not finished" in lowered
        or "end of data" in lowered
        or not _ends_properly(path)
    ):
        return " (the file looks cut off: it does not end with </rss>; export it again)"
    if "mismatch" in lowered:
        return " (an element is closed that was never opened: the file is damaged)"
    if "huge" in lowered or "too large" in lowered:
        return " (one element holds more than 10 MB of text)"
    return ""


def _ends_properly(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(max(path.stat().st_size - 1024, 0))
        return handle.read().rstrip().endswith(b"</rss>")

"""The first pass over a WordPress export: validate, count, collect what posts refer to.

It checks that the XML holds together before anything is written, counts
the posts for the progress bar, and collects the attachments (featured
images, galleries) and reusable blocks that post content points at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from dossiers.importers.errors import ImportRefused
from dossiers.importers.htmlbody import html_text
from dossiers.importers.safety import check_size, check_text, check_xml_prolog, read_prefix
from dossiers.importers.wordpress.media import Attachment
from dossiers.importers.wordpress.values import number
from dossiers.importers.wordpress.xml import (
    Fields,
    channel_children,
    describe,
    element_text,
    kind,
)


@dataclass
class Scan:
    """What the first pass learns."""

    version: str = ""
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    posts: int = 0
    attachments: dict[int, Attachment] = field(default_factory=dict)
    reusable: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    recover: bool = False


def scan(path: Path, *, pages: bool = False) -> Scan:
    """First pass: validate, count, collect attachments and reusable blocks."""
    _check_file(path)
    result = Scan()
    try:
        for element in channel_children(path, recover=True, warnings=result.warnings):
            _scan_child(element, result, pages=pages)
    except etree.XMLSyntaxError as error:
        raise ImportRefused(
            describe(path, error.lineno or 0, error.offset or 0, error.msg or str(error))
        ) from None
    result.recover = any(w.startswith("line ") for w in result.warnings)
    if not result.version and not result.posts and not result.base_site_url:
        raise ImportRefused(f"{path.name}: not a WordPress export: no wp:wxr_version and no items")
    return result


def _check_file(path: Path) -> None:
    """Refuse, from its first bytes, a file that is not a WordPress export."""
    check_size(path)
    prefix = read_prefix(path)
    check_text(prefix, where=path.name)
    check_xml_prolog(prefix, where=path.name, allow_internal_entities=False)
    stripped = prefix.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"<"):
        raise ImportRefused(f"{path.name}: not an XML file (it does not start with '<')")
    if b"wordpress.org/export" not in prefix:
        raise ImportRefused(
            f"{path.name}: not a WordPress export: the WXR namespace "
            "(wordpress.org/export/1.x/) is not declared at the top of the file"
        )


_CHANNEL_FIELDS = {
    ("wp", "wxr_version"): "version",
    ("wp", "base_site_url"): "base_site_url",
    ("wp", "base_blog_url"): "base_blog_url",
    ("", "title"): "title",
    ("", "link"): "link",
}


def _scan_child(element: Any, result: Scan, *, pages: bool) -> None:
    slot = kind(element.tag)
    if slot in _CHANNEL_FIELDS:
        setattr(result, _CHANNEL_FIELDS[slot], element_text(element).strip())
    elif slot == ("", "item"):
        _scan_item(Fields(element), result, pages=pages)


def _scan_item(fields: Fields, result: Scan, *, pages: bool) -> None:
    post_type = fields.text("wp", "post_type") or "post"
    post_id = number(fields.text("wp", "post_id"))
    if post_type == "attachment":
        url = fields.text("wp", "attachment_url") or fields.text("", "guid")
        if post_id and url:
            result.attachments[post_id] = Attachment(
                post_id,
                url,
                html_text(fields.text("", "title")),
                number(fields.text("wp", "post_parent")),
                alt=_meta(fields, "_wp_attachment_image_alt"),
            )
    elif post_type == "wp_block":
        result.reusable[post_id] = fields.raw("content", "encoded")
    elif post_type == "post" or (post_type == "page" and pages):
        result.posts += 1


def _meta(fields: Fields, key: str) -> str:
    """One postmeta value of an item ("" when it has none)."""
    for element in fields.all("wp", "postmeta"):
        meta = Fields(element)
        if meta.text("wp", "meta_key") == key:
            return html_text(meta.raw("wp", "meta_value"))
    return ""

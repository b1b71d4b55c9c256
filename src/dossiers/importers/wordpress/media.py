"""Attachments (the export's media items): featured images and galleries, as HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Attachment:
    id: int
    url: str
    title: str = ""
    parent: int = 0
    alt: str = ""  # _wp_attachment_image_alt


def featured(attachment: Attachment) -> str:
    """The featured image, as the theme showed it above the post."""
    return f'<figure><img src="{_attr(attachment.url)}" alt="{_attr(attachment.title)}"></figure>'


def gallery(named: dict[str, str], post_id: int, attachments: Mapping[int, Attachment]) -> str:
    """A [gallery]: the listed attachments, or else the post's own, as a grid of linked
    images (`.gallery` in the site's CSS; square crops once in the media library)."""
    listed = named.get("ids", "") or named.get("include", "")
    ids = [int(i) for i in re.findall(r"\d+", listed) if len(i) <= 18]  # longer: no such id
    if ids:
        shown = [attachments[i] for i in ids if i in attachments]
    else:
        shown = sorted(
            (a for a in attachments.values() if post_id and a.parent == post_id),
            key=lambda a: a.id,
        )
    if not shown:
        return ""
    cells = "".join(
        f'<figure><a href="{html.escape(a.url)}"><img class="gallery-image" '
        f'src="{html.escape(a.url)}" alt="{html.escape(a.alt or a.title)}"></a></figure>'
        for a in shown
    )
    return f'\n\n<div class="gallery">{cells}</div>\n\n'


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")

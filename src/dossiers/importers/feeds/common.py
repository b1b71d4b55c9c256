"""What the XML and JSON feed readers share."""

from __future__ import annotations

import html
from pathlib import Path

from dossiers.core.validation import has_http_scheme


def location_key(location: str) -> str:
    """The feed's address, or its file's absolute path: part of the source key."""
    if has_http_scheme(location):
        return location
    return str(Path(location).resolve())


def first_words(text: str, words: int = 10) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def text_paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs, one per blank-line-separated block."""
    return "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())

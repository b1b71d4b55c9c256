"""One WordPress item (a post or a page) as an importer `Post`, with its comments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.utils.text import slugify

from dossiers.importers import items
from dossiers.importers.htmlbody import html_text
from dossiers.importers.wordpress.autop import autop
from dossiers.importers.wordpress.content import convert
from dossiers.importers.wordpress.values import (
    COMMENT_STATUS,
    STATUS,
    gmt,
    local_as_utc,
    number,
    rfc822,
)
from dossiers.importers.wordpress.xml import Fields, element_text

if TYPE_CHECKING:
    from dossiers.importers.wordpress.scan import Scan

_UNPUBLISHED = {"draft", "pending", "auto-draft", "private"}


def post(fields: Fields, info: Scan, *, title: str, post_type: str, status: str) -> items.Post:
    notes: list[str] = []
    post_id = number(fields.text("wp", "post_id"))
    published_at = _published_at(fields, status, notes)
    converted = convert(
        fields.raw("content", "encoded"),
        post_id=post_id,
        attachments=info.attachments,
        reusable=info.reusable,
    )
    meta = {
        fields_meta.text("wp", "meta_key"): fields_meta.raw("wp", "meta_value")
        for fields_meta in (Fields(m) for m in fields.all("wp", "postmeta"))
    }
    summary = html_text(fields.raw("excerpt", "encoded")) or html_text(
        meta.get("_yoast_wpseo_metadesc", "")
    )
    authors, terms = _authors_and_terms(fields)
    sticky = fields.text("wp", "is_sticky") == "1"
    if sticky:
        notes.append("sticky in WordPress: kept at the top of the home page")
    return items.Post(
        guid=_guid(fields, post_id),
        title=title or _untitled(post_id, notes),
        body=converted.html,
        status=STATUS[status],
        published_at=published_at,
        updated_at=gmt(fields.text("wp", "post_modified_gmt")),
        authors=authors,
        slug=slugify(unquote(fields.text("wp", "post_name"))),
        summary=summary,
        terms=terms,
        comments=tuple(_comments(fields)),
        old_paths=_old_paths(fields, post_id, post_type),
        notes=tuple(notes),
        sticky=sticky,
        counters=converted.counters,
        **_featured(meta, info),
    )


def _published_at(fields: Fields, status: str, notes: list[str]) -> dt.datetime | None:
    published_at = gmt(fields.text("wp", "post_date_gmt"))
    if published_at is None:
        published_at = local_as_utc(fields.text("wp", "post_date")) or rfc822(
            fields.text("", "pubDate")
        )
        if published_at is not None and status in {"publish", "future"}:
            notes.append("no GMT date in the export: its local date was read as UTC")
    raw = fields.text("wp", "post_date_gmt") or fields.text("wp", "post_date")
    if published_at is None and raw and not raw.startswith("0000"):
        notes.append(f"wp:post_date_gmt {raw[:40]!r} is not a date: read as none")
    if status == "private":
        notes.append("private in WordPress: imported as a draft")
    if status == "pending":
        notes.append("pending review in WordPress: imported as a draft")
    return None if status in _UNPUBLISHED else published_at


def _featured(meta: dict[str, str], info: Scan) -> dict[str, str]:
    """The featured image (`_thumbnail_id`): its address; the loader brings it into the
    library, or shows it above the text from the old site."""
    thumbnail = info.attachments.get(number(meta.get("_thumbnail_id", "")))
    if thumbnail is None:
        return {}
    return {"featured_image": thumbnail.url, "featured_alt": thumbnail.alt or thumbnail.title}


def _guid(fields: Fields, post_id: int) -> str:
    """GUIDs are not unique in real exports (a copied post keeps its GUID): the post ID,
    unique in its site, goes with it."""
    guid = fields.text("", "guid")
    return f"{guid}#{post_id}" if guid and post_id else (guid or f"post:{post_id}")


def _untitled(post_id: int, notes: list[str]) -> str:
    notes.append("no title in the export: given a placeholder title")
    return f"Untitled post {post_id}"


def _authors_and_terms(fields: Fields) -> tuple[tuple[str, ...], tuple[items.TermRef, ...]]:
    authors: list[str] = []
    terms: list[items.TermRef] = []
    for category in fields.all("", "category"):
        domain = category.get("domain", "category")
        nicename = unquote(category.get("nicename", "") or "")
        name = html_text(element_text(category))
        if domain == "author":  # Co-Authors Plus: one <category domain="author"> per author
            login = nicename.removeprefix("cap-") or name
            if login and login not in authors:
                authors.append(login)
        elif domain in {"category", "post_tag"} and (nicename.strip() or name):
            taxonomy = "category" if domain == "category" else "tag"
            terms.append(items.TermRef(taxonomy, nicename or slugify(name), name))
    creator = " ".join(fields.text("dc", "creator").split()) or " ".join(
        fields.text("wp", "author").split()
    )
    if not authors and creator:
        authors.append(creator)
    return tuple(authors), tuple(dict.fromkeys(terms))


def _comments(fields: Fields) -> Iterator[items.Comment]:
    for element in fields.all("wp", "comment"):
        comment = Fields(element)
        approved = comment.text("wp", "comment_approved") or "1"
        kind = comment.text("wp", "comment_type") or "comment"
        created = gmt(comment.text("wp", "comment_date_gmt")) or local_as_utc(
            comment.text("wp", "comment_date")
        )
        parent = comment.text("wp", "comment_parent")
        yield items.Comment(
            key=comment.text("wp", "comment_id"),
            author=" ".join(comment.text("wp", "comment_author").split()),
            email=comment.text("wp", "comment_author_email"),
            url=comment.text("wp", "comment_author_url"),
            body_html=autop(comment.raw("wp", "comment_content")),
            created_at=created or dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
            status=COMMENT_STATUS.get(approved, "pending"),
            kind=kind if kind in {"pingback", "trackback"} else "comment",
            parent="" if parent in {"", "0"} else parent,
        )


def _old_paths(fields: Fields, post_id: int, post_type: str) -> tuple[str, ...]:
    paths = []
    for url in (fields.text("", "link"), fields.text("", "guid")):
        path = legacy_path(url)
        if path and path != "/":
            paths.append(path)
    if post_id:
        paths.append(f"/?{'page_id' if post_type == 'page' else 'p'}={post_id}")
    name = unquote(fields.text("wp", "post_name"))
    date = local_as_utc(fields.text("wp", "post_date"))
    if name and date and post_type == "post":
        paths.append(f"/{date:%Y/%m/%d}/{name}")
    elif name and post_type == "page":
        paths.append(f"/{name}")
    return tuple(dict.fromkeys(paths))


def legacy_path(url: str) -> str:
    """The part of an old address that identifies a page: the path (no trailing slash,
    percent-decoded) and a WordPress query id (?p=, ?page_id=, ?cat=, ?tag=, ?author=)."""
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # "http://[oops/": not a URL, so no old address to keep
        return ""
    path = unquote(parts.path).rstrip("/") or "/"
    query = dict(pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair)
    for name in ("p", "page_id", "attachment_id", "cat", "tag", "author"):
        if query.get(name):
            return f"/?{name}={unquote(query[name])}"
    return path

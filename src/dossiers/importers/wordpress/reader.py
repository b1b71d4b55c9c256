"""The second pass over a WordPress export: authors, terms and items as importer records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from django.utils.text import slugify

from dossiers.importers import items
from dossiers.importers.htmlbody import html_text
from dossiers.importers.wordpress.posts import post
from dossiers.importers.wordpress.scan import Scan, scan
from dossiers.importers.wordpress.values import STATUS
from dossiers.importers.wordpress.xml import Fields, channel_children, kind


def read(path: Path, *, pages: bool = False, scanned: Scan | None = None) -> Iterator[items.Record]:
    """The export as records: Source, Person, Term, then Post/Skipped/Failed, in file order,
    without control characters."""
    return items.scrubbed(_records(path, pages=pages, scanned=scanned))


def _records(path: Path, *, pages: bool, scanned: Scan | None) -> Iterator[items.Record]:
    info = scanned or scan(path, pages=pages)
    home = info.base_blog_url or info.link or info.base_site_url
    yield items.Source(
        key=f"wordpress:{home or path.name}",
        title=info.title,
        link=home,
        format=f"WXR {info.version or '1.0'}",
        total=info.posts,
        warnings=tuple(info.warnings[:20]),
    )
    for element in channel_children(path, recover=info.recover, warnings=None):
        family, local = kind(element.tag)
        if family == "wp" and local == "author":
            yield _person(Fields(element))
        elif family == "wp" and local in {"category", "tag", "term"}:
            yield _term(local, Fields(element))
        elif family == "" and local == "item":
            yield _item(Fields(element), info, pages=pages)


def _person(fields: Fields) -> items.Person:
    login = " ".join(fields.text("wp", "author_login").split())
    email_address = fields.text("wp", "author_email")
    display = " ".join(fields.text("wp", "author_display_name").split())
    full = " ".join(
        f"{fields.text('wp', 'author_first_name')} {fields.text('wp', 'author_last_name')}".split()
    )
    key = login or email_address or display
    aliases = tuple(a for a in (email_address, fields.text("wp", "author_id")) if a and a != key)
    return items.Person(
        key=key,
        name=display or full or login or email_address.split("@")[0],
        email=email_address,
        aliases=aliases,
        old_paths=(f"/author/{login}",) if login else (),
    )


# The elements of each kind of term: (taxonomy or its element, slug, name, parent, description).
_TERM_FIELDS = {
    "category": (
        "category",
        "category_nicename",
        "cat_name",
        "category_parent",
        "category_description",
    ),
    "tag": ("post_tag", "tag_slug", "tag_name", "", "tag_description"),
    "term": ("term_taxonomy", "term_slug", "term_name", "term_parent", "term_description"),
}


def _term(local: str, fields: Fields) -> items.Term | items.Skipped:
    taxonomy, slug, name_field, parent_field, description_field = _TERM_FIELDS[local]
    if local == "term":
        taxonomy = fields.text("wp", taxonomy)
    name = fields.text("wp", name_field)
    parent = fields.text("wp", parent_field) if parent_field else ""
    key = unquote(fields.text("wp", slug)) or slugify(name)
    if taxonomy not in {"category", "post_tag"}:
        return items.Skipped("term", name or key, f"taxonomy '{taxonomy}' is not imported")
    term_kind = "category" if taxonomy == "category" else "tag"
    return items.Term(
        taxonomy=term_kind,
        key=key,
        name=html_text(name) or key,
        description=html_text(fields.text("wp", description_field)),
        parent=unquote(parent),
        old_paths=(f"/{term_kind}/{key}",),
    )


def _item(fields: Fields, info: Scan, *, pages: bool) -> items.Post | items.Skipped | items.Failed:
    title = html_text(fields.text("", "title"))
    post_type = fields.text("wp", "post_type") or "post"
    status = fields.text("wp", "status") or "publish"
    post_id_text = fields.text("wp", "post_id")[:40] or "none"
    label = title or f"#{post_id_text}"
    reason = _skip_reason(fields, post_type, status, pages=pages)
    if reason:
        skipped_kind = "menu item" if post_type == "nav_menu_item" else post_type
        return items.Skipped(skipped_kind, label, reason)
    try:
        return post(fields, info, title=title, post_type=post_type, status=status)
    except (ValueError, TypeError, OverflowError, RecursionError, UnicodeError) as error:
        # A value no rule above foresaw: this item is reported, the others still import.
        return items.Failed(
            post_type, label, f"could not read this item (wp:post_id {post_id_text}): {error}"
        )


def _skip_reason(fields: Fields, post_type: str, status: str, *, pages: bool) -> str:
    """Why an item is not imported as an article; "" when it is."""
    if post_type == "attachment":
        return "media file: into the media library where used, with --media-dir or --fetch-media"
    if post_type == "nav_menu_item":
        return "navigation menus are not imported"
    if post_type == "page" and not pages:
        return "pages are skipped (import them with --pages)"
    if post_type not in {"post", "page"}:
        return f"post type '{post_type}' is not an article"
    if fields.text("wp", "post_password"):
        return "password-protected in WordPress: its text is not public"
    if status == "trash":
        return "in the WordPress trash"
    if status not in STATUS:
        return f"unknown status '{status}'"
    return ""

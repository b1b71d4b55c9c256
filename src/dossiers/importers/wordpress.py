"""WordPress eXtended RSS (WXR 1.0, 1.1, 1.2) to importer records. No database here.

The file is read twice, each time as a stream (lxml `iterparse`, every item
cleared once read), so memory stays flat whatever the file's size:

1. the scan checks that the XML holds together, counts the posts for the
   progress bar and collects what posts refer to (attachments, reusable
   blocks). Real exports have quirks a lenient parser reads correctly (a raw
   `&` in a URL, a `]]>` inside CDATA): those are read with lxml's recover
   mode and reported as warnings. A structural fault (a mismatched tag, a cut
   off file) stops the import before anything is written, with its line;
2. the read turns authors, terms and items into `items` records.

Both passes read through `xmlstream.LenientStream`, which mends a raw `&` and
a `]]>` inside CDATA the way WordPress's importer reads them.

Entities are never expanded (a WordPress export declares none, and one that
does is refused before parsing), nothing is fetched from the network.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.utils.text import slugify
from lxml import etree

from dossiers.importers import items
from dossiers.importers.errors import ImportRefused
from dossiers.importers.htmlbody import html_text
from dossiers.importers.safety import check_size, check_text, check_xml_prolog, read_prefix
from dossiers.importers.wpcontent import Attachment, autop, convert
from dossiers.importers.xmlstream import LenientStream

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
STATUS = {
    "publish": "published",
    "future": "published",
    "draft": "draft",
    "pending": "draft",
    "auto-draft": "draft",
    "private": "draft",
}
COMMENT_STATUS = {"1": "approved", "approve": "approved", "0": "pending", "hold": "pending",
                  "spam": "spam", "trash": "removed", "post-trashed": "removed"}  # fmt: skip
_ZERO_DATE = "0000-00-00 00:00:00"


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


def _kind(tag: str) -> tuple[str, str]:
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


class _Fields:
    """An element's children by (namespace family, local name)."""

    def __init__(self, element: Any) -> None:
        self.element = element
        self.children: dict[tuple[str, str], list[Any]] = {}
        for child in element:
            if isinstance(child.tag, str):
                self.children.setdefault(_kind(child.tag), []).append(child)

    def text(self, family: str, local: str) -> str:
        found = self.children.get((family, local))
        return (found[0].text or "").strip() if found else ""

    def raw(self, family: str, local: str) -> str:
        found = self.children.get((family, local))
        return (found[0].text or "") if found else ""

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


def _channel_children(
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
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
        found = _check_log(context.error_log, path)
    if warnings is not None:
        if stream.mended_ampersands:
            warnings.append(
                f"{stream.mended_ampersands} raw '&' or HTML entities outside CDATA read as text"
            )
        if stream.mended_cdata_ends:
            warnings.append(f"{stream.mended_cdata_ends} ']]>' inside CDATA read as text")
        warnings.extend(found)


def _refuse_entities(root: Any, path: Path) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and list(dtd.entities()):
        raise ImportRefused(
            f"{path.name}: the XML declares entities in a DOCTYPE; a WordPress export never "
            "does, and entity expansion is refused"
        )
    if etree.QName(root).localname != "rss":
        raise ImportRefused(
            f"{path.name}: not a WordPress export: the document is <{etree.QName(root).localname}>,"
            " not <rss>"
        )


def _check_log(log: Any, path: Path) -> list[str]:
    """Refuse on a structural fault; return the recoverable ones as warnings."""
    warnings = []
    for entry in log:
        if entry.type_name not in RECOVERABLE:
            raise ImportRefused(_describe(path, entry.line, entry.column, entry.message))
        warnings.append(f"line {entry.line}: {entry.message.strip()}")
    return warnings


def _describe(path: Path, line: int, column: int, message: str) -> str:
    message = message.strip().rstrip(".")
    hint = ""
    lowered = message.lower()
    if (
        "premature end" in lowered
        or "not finished" in lowered
        or "end of data" in lowered
        or not _ends_properly(path)
    ):
        hint = " (the file looks cut off: it does not end with </rss>; export it again)"
    elif "mismatch" in lowered:
        hint = " (an element is closed that was never opened: the file is damaged)"
    elif "huge" in lowered or "too large" in lowered:
        hint = " (one element holds more than 10 MB of text)"
    return (
        f"{path.name}: not well-formed XML at line {line}, column {column}: {message}{hint}; "
        "nothing was imported"
    )


def _ends_properly(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(max(path.stat().st_size - 1024, 0))
        return handle.read().rstrip().endswith(b"</rss>")


def scan(path: Path, *, pages: bool = False) -> Scan:
    """First pass: validate, count, collect attachments and reusable blocks."""
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
    result = Scan()
    try:
        for element in _channel_children(path, recover=True, warnings=result.warnings):
            _scan_child(element, result, pages=pages)
    except etree.XMLSyntaxError as error:
        raise ImportRefused(
            _describe(path, error.lineno or 0, error.offset or 0, error.msg or str(error))
        ) from None
    result.recover = any(w.startswith("line ") for w in result.warnings)
    if not result.version and not result.posts and not result.base_site_url:
        raise ImportRefused(f"{path.name}: not a WordPress export: no wp:wxr_version and no items")
    return result


def _scan_child(element: Any, result: Scan, *, pages: bool) -> None:
    family, local = _kind(element.tag)
    if family == "wp" and local == "wxr_version":
        result.version = (element.text or "").strip()
    elif family == "wp" and local == "base_site_url":
        result.base_site_url = (element.text or "").strip()
    elif family == "wp" and local == "base_blog_url":
        result.base_blog_url = (element.text or "").strip()
    elif family == "" and local == "title":
        result.title = (element.text or "").strip()
    elif family == "" and local == "link":
        result.link = (element.text or "").strip()
    elif family == "" and local == "item":
        fields = _Fields(element)
        post_type = fields.text("wp", "post_type") or "post"
        post_id = _int(fields.text("wp", "post_id"))
        if post_type == "attachment":
            url = fields.text("wp", "attachment_url") or fields.text("", "guid")
            if post_id and url:
                result.attachments[post_id] = Attachment(
                    post_id, url, html_text(fields.text("", "title")),
                    _int(fields.text("wp", "post_parent")),
                )  # fmt: skip
        elif post_type == "wp_block":
            result.reusable[post_id] = fields.raw("content", "encoded")
        elif post_type == "post" or (post_type == "page" and pages):
            result.posts += 1


# --- Second pass ---------------------------------------------------------------------


def read(path: Path, *, pages: bool = False, scanned: Scan | None = None) -> Iterator[items.Record]:
    """The export as records: Source, Person, Term, then Post/Skipped, in file order."""
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
    for element in _channel_children(path, recover=info.recover, warnings=None):
        family, local = _kind(element.tag)
        if family == "wp" and local == "author":
            yield _person(_Fields(element))
        elif family == "wp" and local in {"category", "tag", "term"}:
            yield _term(local, _Fields(element))
        elif family == "" and local == "item":
            yield _item(_Fields(element), info, pages=pages)


def _person(fields: _Fields) -> items.Person:
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


def _term(local: str, fields: _Fields) -> items.Term | items.Skipped:
    if local == "category":
        taxonomy, key = "category", fields.text("wp", "category_nicename")
        name, parent = fields.text("wp", "cat_name"), fields.text("wp", "category_parent")
        description = fields.text("wp", "category_description")
    elif local == "tag":
        taxonomy, key = "post_tag", fields.text("wp", "tag_slug")
        name, parent = fields.text("wp", "tag_name"), ""
        description = fields.text("wp", "tag_description")
    else:
        taxonomy, key = fields.text("wp", "term_taxonomy"), fields.text("wp", "term_slug")
        name, parent = fields.text("wp", "term_name"), fields.text("wp", "term_parent")
        description = fields.text("wp", "term_description")
    key = unquote(key) or slugify(name)
    if taxonomy not in {"category", "post_tag"}:
        return items.Skipped("term", name or key, f"taxonomy '{taxonomy}' is not imported")
    kind = "category" if taxonomy == "category" else "tag"
    return items.Term(
        taxonomy=kind,
        key=key,
        name=html_text(name) or key,
        description=html_text(description),
        parent=unquote(parent),
        old_paths=(f"/{kind}/{key}",),
    )


def _item(fields: _Fields, info: Scan, *, pages: bool) -> items.Post | items.Skipped:
    title = html_text(fields.text("", "title"))
    post_type = fields.text("wp", "post_type") or "post"
    status = fields.text("wp", "status") or "publish"
    label = title or f"#{fields.text('wp', 'post_id')}"
    if post_type == "attachment":
        return items.Skipped("attachment", label, "media file: images stay at their address")
    if post_type == "nav_menu_item":
        return items.Skipped("menu item", label, "navigation menus are not imported")
    if post_type == "page" and not pages:
        return items.Skipped("page", label, "pages are skipped (import them with --pages)")
    if post_type not in {"post", "page"}:
        return items.Skipped(post_type, label, f"post type '{post_type}' is not an article")
    if fields.text("wp", "post_password"):
        return items.Skipped(
            post_type, label, "password-protected in WordPress: its text is not public"
        )
    if status == "trash":
        return items.Skipped(post_type, label, "in the WordPress trash")
    if status not in STATUS:
        return items.Skipped(post_type, label, f"unknown status '{status}'")
    return _post(fields, info, title=title, post_type=post_type, status=status)


def _post(fields: _Fields, info: Scan, *, title: str, post_type: str, status: str) -> items.Post:
    notes: list[str] = []
    post_id = _int(fields.text("wp", "post_id"))
    published_at = _gmt(fields.text("wp", "post_date_gmt"))
    if published_at is None:
        published_at = _local_as_utc(fields.text("wp", "post_date")) or _rfc822(
            fields.text("", "pubDate")
        )
        if published_at is not None and status in {"publish", "future"}:
            notes.append("no GMT date in the export: its local date was read as UTC")
    if status == "private":
        notes.append("private in WordPress: imported as a draft")
    if status == "pending":
        notes.append("pending review in WordPress: imported as a draft")
    if status in {"draft", "pending", "auto-draft", "private"}:
        published_at = None
    attachments = info.attachments
    converted = convert(
        fields.raw("content", "encoded"),
        post_id=post_id,
        attachments=attachments,
        reusable=info.reusable,
    )
    body = converted.html
    meta = {
        fields_meta.text("wp", "meta_key"): fields_meta.raw("wp", "meta_value")
        for fields_meta in (_Fields(m) for m in fields.all("wp", "postmeta"))
    }
    thumbnail = attachments.get(_int(meta.get("_thumbnail_id", "")))
    if thumbnail is not None:
        # The featured image, as the theme showed it above the post.
        figure = (
            f'<figure><img src="{_attr(thumbnail.url)}" alt="{_attr(thumbnail.title)}"></figure>'
        )
        body = f"{figure}\n{body}" if body else figure
    summary = html_text(fields.raw("excerpt", "encoded")) or html_text(
        meta.get("_yoast_wpseo_metadesc", "")
    )
    authors, terms = _authors_and_terms(fields)
    if fields.text("wp", "is_sticky") == "1":
        notes.append("sticky in WordPress")
    slug = slugify(unquote(fields.text("wp", "post_name")))
    # GUIDs are not unique in real exports (a copied post keeps its GUID): the post ID,
    # unique in its site, goes with it.
    guid = fields.text("", "guid")
    return items.Post(
        guid=f"{guid}#{post_id}" if guid and post_id else (guid or f"post:{post_id}"),
        title=title or _untitled(post_id, notes),
        body=body,
        status=STATUS[status],
        published_at=published_at,
        authors=authors,
        slug=slug,
        summary=summary,
        terms=terms,
        comments=tuple(_comments(fields)),
        old_paths=_old_paths(fields, post_id, post_type, published_at),
        notes=tuple(notes),
        counters=converted.counters,
    )


def _untitled(post_id: int, notes: list[str]) -> str:
    notes.append("no title in the export: given a placeholder title")
    return f"Untitled post {post_id}"


def _authors_and_terms(fields: _Fields) -> tuple[tuple[str, ...], tuple[items.TermRef, ...]]:
    authors: list[str] = []
    terms: list[items.TermRef] = []
    for category in fields.all("", "category"):
        domain = category.get("domain", "category")
        nicename = unquote(category.get("nicename", "") or "")
        name = html_text(category.text or "")
        if domain == "author":  # Co-Authors Plus: one <category domain="author"> per author
            login = nicename.removeprefix("cap-") or name
            if login and login not in authors:
                authors.append(login)
        elif domain in {"category", "post_tag"}:
            terms.append(
                items.TermRef(
                    "category" if domain == "category" else "tag", nicename or slugify(name), name
                )
            )
    creator = " ".join(fields.text("dc", "creator").split()) or " ".join(
        fields.text("wp", "author").split()
    )
    if not authors and creator:
        authors.append(creator)
    return tuple(authors), tuple(dict.fromkeys(terms))


def _comments(fields: _Fields) -> Iterator[items.Comment]:
    for element in fields.all("wp", "comment"):
        comment = _Fields(element)
        approved = comment.text("wp", "comment_approved") or "1"
        kind = comment.text("wp", "comment_type") or "comment"
        created = _gmt(comment.text("wp", "comment_date_gmt")) or _local_as_utc(
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


def _old_paths(
    fields: _Fields, post_id: int, post_type: str, published_at: dt.datetime | None
) -> tuple[str, ...]:
    paths = []
    for url in (fields.text("", "link"), fields.text("", "guid")):
        path = legacy_path(url)
        if path and path != "/":
            paths.append(path)
    if post_id:
        paths.append(f"/?{'page_id' if post_type == 'page' else 'p'}={post_id}")
    name = unquote(fields.text("wp", "post_name"))
    date = _local_as_utc(fields.text("wp", "post_date"))
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
    parts = urlsplit(url.strip())
    path = unquote(parts.path).rstrip("/") or "/"
    query = dict(pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair)
    for name in ("p", "page_id", "attachment_id", "cat", "tag", "author"):
        if query.get(name):
            return f"/?{name}={unquote(query[name])}"
    return path


# --- Small readers ---------------------------------------------------------------------


def _int(value: str) -> int:
    try:
        return int(value.strip())
    except (ValueError, AttributeError):
        return 0


def _gmt(value: str) -> dt.datetime | None:
    if not value or value.startswith(_ZERO_DATE[:4]) or value == _ZERO_DATE:
        return None
    try:
        return dt.datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


_local_as_utc = _gmt


def _rfc822(value: str) -> dt.datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")

"""Generators of hostile input for every parser: structured documents that look valid
(WXR, RSS, Atom, JSON Feed, Markdown front matter) with hostile values in every field,
and byte-level mutations of the real fixtures (../shared/fixtures and the demo's
Markdown files).

Plain hypothesis strategies, used by the pytest suite (test_parsers.py, a modest
budget) and by run.py (`make fuzz`, the big one).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO.parent / "shared" / "fixtures"
DEMO_ARTICLES = REPO / "src" / "dossiers" / "demo" / "content" / "articles"

# --- Hostile values -------------------------------------------------------------------

NASTY_STRINGS = [
    "",
    " ",
    "\x00",
    "\x01\x02\x03",
    "\x7f\x80\x9f",
    "\x1b[31mred",
    "a\x0bb\x0cc",
    "\u200b\u200e\u202e\ufeff",
    "\ud800",
    "x\udfffy",
    "\ufffe\uffff",
    "🇭🇰 emoji 👩‍👩‍👧",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "]]>",
    "<![CDATA[",
    "&",
    "&amp;",
    "&#1;",
    "&#0;",
    "&#xD800;",
    "&#9999999999;",
    "&#x110000;",
    "&nbsp;",
    "&unknown;",
    "1e999",
    "-1e999",
    "NaN",
    "Infinity",
    "9" * 5000,
    "-" + "9" * 400,
    "0000-00-00 00:00:00",
    "9999-12-31 23:59:59",
    "10000-01-01 00:00:00",
    "2021-02-29",
    "2021-02-29 10:00:00",
    "2020-13-45",
    "0001-01-01T00:00:00-23:59",
    "9999-12-31T23:59:59-23:59",
    "Mon, 32 Foo 99999 99:99:99 +9999",
    "http://[oops/",
    "http://[::1]:99999/",
    "https://" + "a" * 3000 + ".example/",
    "http://%zz/",
    "//no-scheme",
    "mailto:",
    "[",
    "[" * 2000,
    "{" * 500,
    "[gallery ids=" + "9" * 500 + "]",
    "[caption]" * 50,
    '[audio src="http://[oops/"]',
    "[embed]http://[oops/[/embed]",
    '<!-- wp:block {"ref":1e999} /-->',
    '<!-- wp:block {"ref":' + "9" * 5000 + "} /-->",
    '<!-- wp:image {"id":1e999} /-->',
    '<!-- wp:gallery {"ids":[' + "9" * 5000 + "]} /-->",
    "*" * 1000,
    "`" * 500,
    "> " * 500,
    "- " * 500,
    "\n" * 300,
    "a" * 20000,
    "ﷺ" * 100,
    "Ǆ" * 50,
    "'; DROP TABLE article; --",
    "%s%s%n",
    "${jndi:ldap://x}",
    "NEAR AND OR NOT * ^ : ( )",
    "& | ! <-> :*",
]

control_chars = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from(
    ["\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\ufffe", "\uffff"]
)
surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
any_char = st.characters(codec=None, exclude_categories=())
hostile_char = st.one_of(any_char, control_chars, surrogates)


def hostile_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Any text, leaning on what breaks parsers: control characters, surrogates, the
    values of NASTY_STRINGS, and mixtures of them."""
    return st.one_of(
        st.sampled_from(NASTY_STRINGS),
        st.text(alphabet=hostile_char, max_size=max_size),
        st.lists(st.one_of(st.sampled_from(NASTY_STRINGS), st.text(max_size=10)), max_size=4).map(
            "".join
        ),
    )


# --- XML documents --------------------------------------------------------------------


def xml_value(value: str, how: str) -> str:
    """A value as the XML would carry it: escaped, raw, in CDATA, or as character refs."""
    if how == "raw":
        return value
    if how == "cdata":
        return f"<![CDATA[{value}]]>"
    if how == "charref":
        return "".join(f"&#{ord(c)};" for c in value)
    return escape(value)


def attribute(value: str) -> str:
    return escape(value, {'"': "&quot;"})


@st.composite
def xml_field(draw: st.DrawFn, max_size: int = 60) -> str:
    return xml_value(
        draw(hostile_text(max_size)), draw(st.sampled_from(["escaped", "raw", "cdata", "charref"]))
    )


WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<{root} version="2.0" '
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
)
WXR_ITEM_FIELDS = [
    "title",
    "link",
    "pubDate",
    "dc:creator",
    "guid",
    "description",
    "content:encoded",
    "excerpt:encoded",
    "wp:post_id",
    "wp:post_date",
    "wp:post_date_gmt",
    "wp:post_modified",
    "wp:post_modified_gmt",
    "wp:post_name",
    "wp:status",
    "wp:post_parent",
    "wp:post_type",
    "wp:post_password",
    "wp:is_sticky",
    "wp:attachment_url",
]
COMMENT_FIELDS = [
    "wp:comment_id",
    "wp:comment_author",
    "wp:comment_author_email",
    "wp:comment_author_url",
    "wp:comment_date",
    "wp:comment_date_gmt",
    "wp:comment_content",
    "wp:comment_approved",
    "wp:comment_type",
    "wp:comment_parent",
]
GOOD_ITEM = {
    "title": "A post",
    "wp:post_id": "7",
    "wp:post_type": "post",
    "wp:status": "publish",
    "wp:post_date_gmt": "2020-01-01 10:00:00",
    "wp:post_modified_gmt": "2020-02-01 10:00:00",
    "content:encoded": "<![CDATA[<p>Body.</p>]]>",
    "dc:creator": "admin",
}


@st.composite
def wxr_item(draw: st.DrawFn) -> str:
    fields = dict(GOOD_ITEM)
    for name in draw(st.lists(st.sampled_from(WXR_ITEM_FIELDS), max_size=6, unique=True)):
        fields[name] = draw(xml_field())
    if draw(st.booleans()):
        fields["wp:post_type"] = draw(st.sampled_from(["post", "page", "attachment", "wp_block"]))
    parts = [f"<{k}>{v}</{k}>" for k, v in fields.items()]
    for _ in range(draw(st.integers(0, 2))):
        domain = draw(st.sampled_from(["category", "post_tag", "author", "other"]))
        parts.append(
            f'<category domain="{domain}" nicename="{attribute(draw(hostile_text(20)))}">'
            f"{draw(xml_field(20))}</category>"
        )
    for _ in range(draw(st.integers(0, 2))):
        comment = {
            name: draw(xml_field(20)) for name in draw(st.sets(st.sampled_from(COMMENT_FIELDS)))
        }
        parts.append(
            "<wp:comment>"
            + "".join(f"<{k}>{v}</{k}>" for k, v in comment.items())
            + "</wp:comment>"
        )
    if draw(st.booleans()):
        key = draw(st.sampled_from(["_thumbnail_id", "_yoast_wpseo_metadesc"]))
        parts.append(
            f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
            f"<wp:meta_value>{draw(xml_field(20))}</wp:meta_value></wp:postmeta>"
        )
    return "<item>" + "".join(parts) + "</item>\n"


@st.composite
def wxr_documents(draw: st.DrawFn) -> bytes:
    root = draw(st.sampled_from(["rss"] * 8 + ["feed", "rdf:RDF", "x"]))
    head = WXR_HEAD.format(root=root)
    channel = [
        f"<title>{draw(xml_field(30))}</title>",
        f"<link>{draw(xml_field(30))}</link>",
        f"<wp:wxr_version>{draw(st.sampled_from(['1.2', '1.0', '']))}</wp:wxr_version>",
        f"<wp:base_site_url>{draw(xml_field(30))}</wp:base_site_url>",
    ]
    for _ in range(draw(st.integers(0, 2))):
        channel.append(
            "<wp:author><wp:author_id>"
            + draw(xml_field(10))
            + "</wp:author_id><wp:author_login>"
            + draw(xml_field(20))
            + "</wp:author_login><wp:author_email>"
            + draw(xml_field(20))
            + "</wp:author_email><wp:author_display_name>"
            + draw(xml_field(20))
            + "</wp:author_display_name></wp:author>"
        )
    for _ in range(draw(st.integers(0, 2))):
        local = draw(st.sampled_from(["category", "tag", "term"]))
        inner = {
            "category": "<wp:category_nicename>{0}</wp:category_nicename><wp:cat_name>{1}"
            "</wp:cat_name><wp:category_parent>{0}</wp:category_parent>",
            "tag": "<wp:tag_slug>{0}</wp:tag_slug><wp:tag_name>{1}</wp:tag_name>",
            "term": "<wp:term_taxonomy>category</wp:term_taxonomy><wp:term_slug>{0}</wp:term_slug>"
            "<wp:term_name>{1}</wp:term_name>",
        }[local]
        channel.append(
            f"<wp:{local}>"
            + inner.format(draw(xml_field(20)), draw(xml_field(20)))
            + f"</wp:{local}>"
        )
    items = draw(st.lists(wxr_item(), min_size=1, max_size=3))
    tail = f"</channel>\n</{root}>\n"
    text = head + "\n".join(channel) + "\n" + "".join(items) + tail
    return text.encode("utf-8", "surrogatepass")


RSS_HEAD = (
    '<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
)
RSS_FIELDS = [
    "title",
    "link",
    "description",
    "content:encoded",
    "guid",
    "pubDate",
    "dc:creator",
    "dc:date",
    "author",
    "category",
]
ATOM_FIELDS = ["title", "id", "updated", "published", "summary", "content", "category"]
ENCODINGS = ["UTF-8", "utf-8", "iso-8859-1", "windows-1252", "utf-16", "bogus-enc", "x" * 200, ""]


@st.composite
def rss_documents(draw: st.DrawFn) -> bytes:
    encoding = draw(st.sampled_from(ENCODINGS))
    entries = []
    for _ in range(draw(st.integers(1, 3))):
        fields = {"title": "An item", "link": "https://example.org/1", "guid": "g1"}
        for name in draw(st.lists(st.sampled_from(RSS_FIELDS), max_size=5, unique=True)):
            fields[name] = draw(xml_field())
        entries.append("<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in fields.items()) + "</item>")
    text = (
        RSS_HEAD.format(encoding=encoding)
        + f"<title>{draw(xml_field(30))}</title><link>{draw(xml_field(30))}</link>"
        + "".join(entries)
        + "</channel></rss>"
    )
    return _encode(text, encoding, draw)


@st.composite
def atom_documents(draw: st.DrawFn) -> bytes:
    encoding = draw(st.sampled_from(ENCODINGS))
    entries = []
    for _ in range(draw(st.integers(1, 3))):
        parts = ['<link href="https://example.org/1"/>']
        for name in draw(st.lists(st.sampled_from(ATOM_FIELDS), max_size=5, unique=True)):
            kind = draw(st.sampled_from(["text", "html", "xhtml"]))
            if name == "category":
                parts.append(f'<category term="{attribute(draw(hostile_text(20)))}"/>')
            else:
                parts.append(f'<{name} type="{kind}">{draw(xml_field())}</{name}>')
        if draw(st.booleans()):
            parts.append(f"<author><name>{draw(xml_field(20))}</name></author>")
        if draw(st.booleans()):
            parts.append(f'<link rel="alternate" href="{attribute(draw(hostile_text(30)))}"/>')
        entries.append("<entry>" + "".join(parts) + "</entry>")
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{draw(xml_field(30))}</title><id>{draw(xml_field(30))}</id>"
        + "".join(entries)
        + "</feed>"
    )
    return _encode(text, encoding, draw)


def _encode(text: str, encoding: str, draw: st.DrawFn) -> bytes:
    try:
        if draw(st.booleans()):
            return text.encode(encoding or "utf-8", "surrogatepass")
    except (LookupError, UnicodeError):
        pass
    return text.encode("utf-8", "surrogatepass")


json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    hostile_text(),
    st.just(10**400),
)
json_any = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(hostile_text(10), inner, max_size=3)
    ),
    max_leaves=8,
)
JSON_ITEM_KEYS = [
    "id",
    "url",
    "external_url",
    "title",
    "content_html",
    "content_text",
    "summary",
    "date_published",
    "date_modified",
    "authors",
    "author",
    "tags",
]


@st.composite
def json_feed_documents(draw: st.DrawFn) -> bytes:
    document: dict[str, Any] = {
        "version": draw(
            st.sampled_from(
                ["https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1", "x"]
            )
        ),
        "title": draw(hostile_text()),
    }
    for key in draw(st.lists(st.sampled_from(["authors", "author", "feed_url", "home_page_url"]))):
        document[key] = draw(json_any)
    entries: list[Any] = []
    for _ in range(draw(st.integers(0, 3))):
        entry: dict[str, Any] = {"id": "1", "title": "A", "content_html": "<p>x</p>"}
        for key in draw(st.lists(st.sampled_from(JSON_ITEM_KEYS), max_size=5, unique=True)):
            entry[key] = draw(st.one_of(hostile_text(), json_any))
        entries.append(entry if draw(st.integers(0, 9)) else draw(json_any))
    document["items"] = entries if draw(st.integers(0, 9)) else draw(json_any)
    text = json.dumps(document, ensure_ascii=draw(st.booleans()), allow_nan=True)
    if draw(st.integers(0, 9)) == 0:
        depth = draw(st.integers(100, 100_000))
        text = text[:-1] + ', "deep": ' + "[" * depth + "]" * depth + "}"
    return text.encode("utf-8", "surrogatepass")


# --- Markdown front matter ------------------------------------------------------------

FRONT_MATTER_KEYS = [
    "title",
    "date",
    "slug",
    "author",
    "authors",
    "tags",
    "categories",
    "category",
    "summary",
    "description",
    "draft",
    "published",
    "status",
    "canonical",
    "guid",
]
YAML_VALUES = [
    "2021-02-29",
    "2021-02-29 10:00:00",
    "10000-01-01",
    "0000-00-00",
    "1e999",
    ".nan",
    "!!python/object/apply:os.system ['ls']",
    "&a [*a, *a]",
    "*undefined",
    "[" * 200,
    "{" * 200,
    "!!binary AAAA",
    "!!timestamp 2021-02-29",
    "2001-12-14t21:59:43.10-05:00",
    "~",
    "[1, [2, [3]]]",
    "{a: 1}",
    "'unclosed",
    '"\\ud800"',
    '"\\x01"',
    "9" * 5000,
    "|\n  block",
    ">-\n  folded",
]


@st.composite
def front_matter_documents(draw: st.DrawFn) -> str:
    lines = ["---", "title: A title"]
    for key in draw(st.lists(st.sampled_from(FRONT_MATTER_KEYS), max_size=5, unique=True)):
        value = draw(st.one_of(st.sampled_from(YAML_VALUES), hostile_text(30)))
        lines.append(f"{key}: {value}")
    if draw(st.integers(0, 4)) == 0:
        lines.insert(draw(st.integers(1, len(lines))), draw(hostile_text(40)))
    if draw(st.integers(0, 9)):
        lines.append("---")
    body = draw(hostile_text(200))
    if draw(st.integers(0, 6)) == 0:  # Pelican's header instead
        return "\n".join(line for line in lines[1:] if line != "---") + "\n\n" + body
    return "\n".join(lines) + "\n" + body


JEKYLL_NAMES = [
    "2020-13-45-x.md",
    "2021-02-29-leap.md",
    "0000-00-00-zero.md",
    "9999-99-99-big.md",
    "2020-01-01-.md",
    "_index.md",
    "plain.md",
    "x.markdown",
]
file_names = st.one_of(
    st.sampled_from(JEKYLL_NAMES),
    st.text(
        alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
        min_size=1,
        max_size=30,
    ).map(lambda name: name.strip(".") + ".md"),
)


# --- Mutations of real files ----------------------------------------------------------


def seed_files(kind: str) -> list[bytes]:
    """The real files a kind of parser is fuzzed from (wxr, feeds, markdown)."""
    if kind == "wxr":
        paths = sorted((FIXTURES / "wxr").glob("*.xml"))
    elif kind == "feeds":
        paths = sorted((FIXTURES / "feeds").rglob("*.xml")) + sorted(
            p for p in (FIXTURES / "feeds").rglob("*") if p.suffix in {".rss", ".atom", ".json"}
        )
    else:
        paths = sorted(DEMO_ARTICLES.glob("*.md"))
    return [p.read_bytes() for p in paths if p.is_file() and p.stat().st_size < 2_000_000]


INTERESTING_BYTES = [
    b"\x00",
    b"\x01",
    b"\xff",
    b"\xed\xa0\x80",  # a UTF-8-encoded surrogate
    b"&#1;",
    b"&#xD800;",
    b"&#9999999999;",
    b"]]>",
    b"<![CDATA[",
    b"<",
    b">",
    b"&",
    b'"',
    b"---\n",
    b"\n",
    b"[" * 64,
    b"1e999",
    b"9" * 400,
    b"http://[oops/",
    b"2021-02-29",
    b"10000-01-01 00:00:00",
    b'<!DOCTYPE x [<!ENTITY a "b">]>',
    b"<?xml version='1.0' encoding='bogus'?>",
]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A real file with a few byte-level changes: flips, insertions, deletions, splices,
    truncation."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.integers(0, 5))
        size = len(data)
        at = draw(st.integers(0, size)) if size else 0
        if op == 0 and size:  # flip a byte
            data[min(at, size - 1)] = draw(st.integers(0, 255))
        elif op == 1:  # insert interesting bytes
            data[at:at] = draw(st.sampled_from(INTERESTING_BYTES))
        elif op == 2:  # insert random bytes
            data[at:at] = draw(st.binary(max_size=16))
        elif op == 3 and size:  # delete a run
            data[at : at + draw(st.integers(1, 64))] = b""
        elif op == 4 and size:  # duplicate a run elsewhere
            start = draw(st.integers(0, size - 1))
            chunk = bytes(data[start : start + draw(st.integers(1, 256))])
            data[at:at] = chunk
        elif op == 5 and size and draw(st.integers(0, 4)) == 0:  # truncate
            del data[at:]
    return bytes(data)

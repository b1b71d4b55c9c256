"""The crash signatures the external probe and the fuzz runs found, one test each: every
one now ends in a result, a per-item report entry or an `ImportRefused` that names the
file, line or field. Then the loader: fuzzed exports through `load()`, all or nothing."""

from __future__ import annotations

import json
import os
import time

import pytest
from hypothesis import HealthCheck, given, settings

from dossiers.core.markdown import render_article_markdown, render_comment_markdown
from dossiers.importers import feeds, items, markdown, wordpress
from dossiers.importers.errors import ImportRefused
from dossiers.importers.loader import load
from dossiers.publishing.models import Article
from dossiers.search.query import parse_query
from tests.fuzz import strategies, targets

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:feedparser")

HEAD = strategies.WXR_HEAD.format(root="rss") + "<wp:wxr_version>1.2</wp:wxr_version>\n"


def wxr(tmp_path, item_xml: str, *, root: str = "rss") -> list:
    path = tmp_path / "export.xml"
    head = strategies.WXR_HEAD.format(root=root) + "<wp:wxr_version>1.2</wp:wxr_version>\n"
    path.write_text(head + item_xml + f"</channel></{root}>\n", encoding="utf-8")
    records = list(wordpress.read(path))
    targets.check_records(records)
    return records


def item(**fields: str) -> str:
    values = {**strategies.GOOD_ITEM, **fields}
    return "<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in values.items()) + "</item>"


def posts(records: list) -> list[items.Post]:
    return [r for r in records if isinstance(r, items.Post)]


@pytest.mark.parametrize("title", ["&#1;Title", "&#xD800;Title", "&#9999999999;Title"])
def test_wxr_character_references_to_no_character(tmp_path, title):
    [post] = posts(wxr(tmp_path, item(title=title)))
    assert post.title.endswith("Title") and "\x01" not in post.title


def test_wxr_control_characters_in_cdata_are_removed_and_counted(tmp_path):
    records = wxr(tmp_path, item(**{"content:encoded": "<![CDATA[a\x01b\x1bc]]>"}))
    assert "abc" in posts(records)[0].body
    assert "2 control characters removed (XML allows none)" in records[0].warnings


def test_wxr_encoded_surrogates_and_a_bad_link(tmp_path):
    path = tmp_path / "export.xml"
    body = item(link="http://[oops/", guid="http://[oops/", title="T\udfff")
    path.write_bytes((HEAD + body + "</channel></rss>").encode("utf-8", "surrogatepass"))
    records = list(wordpress.read(path))
    [post] = posts(records)
    assert post.title.startswith("T") and all("oops" not in p for p in post.old_paths)
    # The operator is told: the export has an encoding error, and what to do.
    [source] = [r for r in records if isinstance(r, items.Source)]
    assert any("encoding error" in w and "re-export" in w for w in source.warnings)


@pytest.mark.parametrize(
    "content",
    [
        '<!-- wp:block {"ref":1e999} /-->',
        '<!-- wp:block {"ref":' + "9" * 5000 + "} /-->",
        "[gallery ids=" + "9" * 5000 + "]",
        '<!-- wp:block {"ref":' + "[" * 5000 + "} /-->",
    ],
)
def test_wxr_huge_numbers_in_blocks_and_shortcodes(tmp_path, content):
    [post] = posts(wxr(tmp_path, item(**{"content:encoded": f"<![CDATA[{content}<p>x</p>]]>"})))
    assert "x" in post.body


def test_wxr_a_date_past_the_year_9999_is_no_date(tmp_path):
    fields = {"wp:post_date_gmt": "10000-01-01 00:00:00", "wp:post_modified_gmt": "99999-1-1"}
    [post] = posts(wxr(tmp_path, item(**fields)))
    assert post.published_at is None and post.updated_at is None
    assert "wp:post_date_gmt '10000-01-01 00:00:00' is not a date: read as none" in post.notes


@pytest.mark.parametrize("root", ["rdf:RDF", "feed", "x"])
def test_wxr_a_bad_root_tag_is_refused_by_name(tmp_path, root):
    with pytest.raises(ImportRefused, match=rf"not a WordPress export: the document is <{root}>"):
        wxr(tmp_path, item(), root=root)


def feed(tmp_path, data: bytes) -> list:
    path = tmp_path / "feed.xml"
    path.write_bytes(data)
    records = list(feeds.read(str(path)))
    targets.check_records(records)
    return records


RSS = (
    '<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>F</title>'
    "{items}</channel></rss>"
)


@pytest.mark.parametrize("title", ["&#9999999999;x", "&#xD800;x", "&#1;x", "&#x110000;x"])
def test_feed_character_references_to_no_character(tmp_path, title):
    data = RSS.format(encoding="utf-8", items=f"<item><title>{title}</title></item>").encode()
    [post] = posts(feed(tmp_path, data))
    assert post.title.endswith("x")


def test_feed_a_crash_inside_feedparser_is_a_refusal(tmp_path, monkeypatch):
    """feedparser itself failed once in 20,000 mutated feeds (int(None) reading an image's
    width): whatever it raises, the feed is refused with the reason."""

    def broken(*args, **kwargs):
        raise TypeError("int() argument must be a string, not 'NoneType'")

    monkeypatch.setattr("feedparser.parse", broken)
    data = RSS.format(encoding="utf-8", items="<item><title>x</title></item>").encode()
    with pytest.raises(ImportRefused, match=r"feed.xml: not a readable feed \(TypeError"):
        feed(tmp_path, data)


def test_feed_a_bad_encoding_name(tmp_path):
    data = RSS.format(encoding="bogus-enc", items="<item><title>x</title></item>").encode()
    records = feed(tmp_path, data)
    assert posts(records)[0].title == "x"


def test_json_feed_lone_surrogates_and_odd_types(tmp_path):
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "F\ud800",
        "authors": 5,
        "items": [
            {"id": "1", "title": "A\udfff\x07", "content_html": "<p>\ud800x</p>", "tags": 7},
            {"id": "2", "title": "B", "authors": "x", "date_published": 5},
            {"id": "3", "title": "C", "date_published": "9999-12-31T23:59:59-23:59"},
        ],
    }
    data = json.dumps(document).encode()
    records = feed(tmp_path, data)
    assert [p.title for p in posts(records)] == ["A", "B", "C"]
    assert all(p.published_at is None for p in posts(records))


def test_json_feed_nested_too_deeply_is_refused(tmp_path):
    data = b'{"version": "https://jsonfeed.org/version/1.1", "x": ' + b"[" * 100_000 + b"]}"
    with pytest.raises(ImportRefused, match="nested too deeply"):
        feed(tmp_path, data)


def test_feed_author_names_do_not_take_quadratic_time(tmp_path):
    author = "&#97;" * 60_000
    data = RSS.format(
        encoding="bogus", items=f"<item><title>x</title><author>{author}</author></item>"
    ).encode()
    started = time.perf_counter()
    feed(tmp_path, data)
    assert time.perf_counter() - started < 3


def test_feed_a_whole_html_document_as_a_summary(tmp_path):
    html = (
        "&lt;!DOCTYPE html&gt;&lt;html&gt;&lt;body&gt;&lt;p&gt;Hi&lt;/p&gt;"
        "&lt;/body&gt;&lt;/html&gt;"
    )
    data = RSS.format(
        encoding="utf-8",
        items=f"<item><title>x</title><description>{html}</description>"
        "<content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        "&lt;p&gt;Body&lt;/p&gt;</content:encoded></item>",
    ).encode()
    assert posts(feed(tmp_path, data))[0].summary == "Hi"


GOOD = "---\ntitle: Good {n}\ndate: 2024-05-01\n---\nText.\n"


def folder_records(tmp_path, files: dict[str, str]) -> list:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    records = list(markdown.read(tmp_path))
    targets.check_records(records)
    return records


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        (
            "leap.md",
            "---\ntitle: X\ndate: 2021-02-29\n---\n",
            "cannot be read (line 3, date): day is out of range",
        ),
        ("2020-13-45-x.md", "---\ntitle: X\n---\n", "2020-13-45, which is not a date"),
        ("zero.md", "---\ntitle: X\ndate: 0000-01-01\n---\n", "cannot be read"),
        ("digits.md", "---\ntitle: X\nn: " + "9" * 5000 + "\n---\n", "(line 3, n): Exceeds"),
        ("brackets.md", "---\ntitle: " + "[" * 20_000 + "\n---\n", "nests lists or mappings"),
        ("alias.md", "---\ntitle: &a X\nb: *a\n---\n", "aliases"),
        ("open.md", "---\ntitle: X\n", "never closed"),
        ("late.md", "---\ntitle: X\ndate: 9999-12-31T23:00:00-05:00\n---\n", "out of range"),
    ],
)
def test_markdown_a_bad_file_is_reported_and_the_good_ones_import(tmp_path, name, text, reason):
    started = time.perf_counter()
    records = folder_records(
        tmp_path, {"a.md": GOOD.format(n=1), name: text, "z.md": GOOD.format(n=2)}
    )
    assert time.perf_counter() - started < 2  # linear: 20 KB of "[" took 57 s
    assert [p.title for p in posts(records)] == ["Good 1", "Good 2"]
    [failed] = [r for r in records if isinstance(r, items.Failed)]
    assert failed.label == name and reason in failed.reason


def test_markdown_control_characters_are_removed(tmp_path):
    records = folder_records(
        tmp_path, {"a.md": "---\ntitle: A\x07B\n---\nText\x1b.\n", "b.md": "Title: B\n\n\x00"}
    )
    [post] = posts(records)
    assert post.title == "AB" and post.body == "Text.\n"
    [failed] = [r for r in records if isinstance(r, items.Failed)]
    assert failed.label == "b.md" and "binary data (a NUL byte at offset" in failed.reason


@pytest.mark.parametrize("text", ["\x00", "a\ud800b", "&#1;", "\x1b[31m", "[" * 20000, "`" * 5000])
def test_query_and_rendering_take_anything(text):
    parse_query(text)
    for html in (render_article_markdown(text), render_comment_markdown(text)):
        targets.check_text(html, "html")


# --- Through the loader: all or nothing -------------------------------------------------

FUZZ_LOADS = max(int(os.environ.get("DOSSIERS_FUZZ_EXAMPLES", "0")) // 100, 10)


@pytest.mark.django_db
@settings(
    max_examples=FUZZ_LOADS, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
@given(data=strategies.wxr_documents())
def test_fuzzed_exports_load_completely_or_not_at_all(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("wxr") / "export.xml"
    path.write_bytes(data)
    before = Article.objects.count()
    try:
        report = load(wordpress.read(path, pages=True))
    except ImportRefused:
        assert Article.objects.count() == before
        return
    created = report.count("created", "article")
    assert Article.objects.count() == before + created
    for article in Article.objects.all():
        targets.check_text(article.title + article.body + article.body_html, "article")


@pytest.mark.django_db
def test_a_refusal_after_the_first_batch_leaves_nothing_written(tmp_path):
    """600 posts, then a cut-off file: the first batch of 500 was written, and is undone."""
    rows = "".join(item(title=f"P{n}", **{"wp:post_id": str(n)}) for n in range(600))
    path = tmp_path / "cut.xml"
    path.write_text(HEAD + rows + "<item><title>cut", encoding="utf-8")
    before = Article.objects.count()
    with pytest.raises(ImportRefused, match="cut off"):
        load(wordpress.read(path))
    assert Article.objects.count() == before

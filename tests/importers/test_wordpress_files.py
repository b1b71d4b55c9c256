"""Every WordPress export in the shared fixtures imports, or is refused with a message that
names the problem and leaves the database as it was."""

import datetime as dt

import pytest
from lxml import etree

from dossiers.comments.models import Comment
from dossiers.importers import items, wordpress
from dossiers.importers.errors import ImportRefused
from dossiers.importers.loader import LoadOptions, load
from dossiers.importers.models import ImportedObject
from dossiers.knowledge.models import Filing
from dossiers.publishing.models import Article, Author

pytestmark = pytest.mark.django_db

WXR_FILES = [
    "ghost-migrate-co-authors-plus.xml",
    "ghost-migrate-has-yoast-meta.xml",
    "ghost-migrate-sample.xml",
    "jekyll-import-sitetitle.wordpress.2025-01-19.000.xml",
    "themeunittestdata.wordpress.xml",
    "wagtail-wpimport-raw_xml.xml",
    "wpimporter-authors-multiline.xml",
    "wpimporter-crazy-cdata.xml",
    "wpimporter-malformed.xml",
    "wpimporter-small-export.xml",
    "wpimporter-term-formats.xml",
    "wpimporter-test-serialized-comment-meta.xml",
    "wpimporter-valid-wxr-1.0.xml",
    "wpimporter-valid-wxr-1.1.xml",
    "wpimporter-wxr-comprehensive.xml",
    "wpimporter-wxr-utf-8-challenges.xml",
]
REFUSED = {"wpimporter-malformed.xml": "line 90"}


def snapshot():
    return (
        Article.objects.count(),
        Author.objects.count(),
        Comment.objects.count(),
        ImportedObject.objects.count(),
    )


def test_the_list_covers_every_fixture(fixtures_dir):
    assert sorted(p.name for p in (fixtures_dir / "wxr").glob("*.xml")) == sorted(WXR_FILES)


@pytest.mark.parametrize("name", WXR_FILES)
def test_every_export_imports_or_is_refused_cleanly(fixtures_dir, name):
    path = fixtures_dir / "wxr" / name
    if name in REFUSED:
        before = snapshot()
        with pytest.raises(ImportRefused) as refused:
            load(wordpress.read(path))
        assert REFUSED[name] in str(refused.value) and "mismatch" in str(refused.value)
        assert snapshot() == before
        return
    report = load(wordpress.read(path))
    assert report.count("failed") == 0, report.as_text()
    posts = [r for r in wordpress.read(path) if isinstance(r, items.Post)]
    assert Article.objects.count() == len(posts)
    for article in Article.objects.all():
        assert article.title and article.slug and article.bylines.exists()


def test_utf8_challenges_keep_every_character(fixtures_dir):
    path = fixtures_dir / "wxr" / "wpimporter-wxr-utf-8-challenges.xml"
    load(wordpress.read(path))
    source = etree.parse(str(path))
    item = source.find(".//item")

    def text(element):
        return " ".join(element.text.split())

    article = Article.objects.get()
    assert article.title == text(item.find("title"))
    assert "\u202e" in article.title and "🌲" in article.title
    assert "c𝕠uldn't 𝔱𝔯𝔞𝔳𝔢𝔩" in article.body_html
    assert "T̷̢̯̭̈w̴̰̜̾o̷͉̅" in article.body
    wp = "{http://wordpress.org/export/1.2/}"
    author = Author.objects.get()
    assert author.name == text(source.find(f".//{wp}author_display_name"))
    assert Filing.objects.get().entity.name == text(item.find("category"))


def test_legacy_and_quirky_exports(fixtures_dir):
    wxr = fixtures_dir / "wxr"
    load(wordpress.read(wxr / "ghost-migrate-co-authors-plus.xml"))
    three = Article.objects.get(title="Three Author Post")
    assert [b.author.name for b in three.bylines.all()] == [
        "Alice Smith",
        "Bob Jones",
        "Carol White",
    ]
    load(wordpress.read(wxr / "wpimporter-authors-multiline.xml"))
    assert {"alice", "bob", "carol"} <= set(Author.objects.values_list("name", flat=True))
    load(wordpress.read(wxr / "ghost-migrate-sample.xml"))
    basic = Article.objects.get(title="Basic Post")
    # The raw "&" of the export is read as WordPress reads it: the URL keeps its query.
    assert "ixlib=rb-1.2.1&amp;ixid=" in basic.body_html
    load(wordpress.read(wxr / "ghost-migrate-has-yoast-meta.xml"))
    assert Article.objects.filter(
        summary="A short description of the post for search engine results pages"
    ).exists()
    report = load(wordpress.read(wxr / "wpimporter-crazy-cdata.xml"))
    assert any("]]>" in w for w in report.warnings)
    assert (
        "Content with nested" in Article.objects.get(title="Hello world!", slug="hello-world").body
    )
    legacy = load(wordpress.read(wxr / "wpimporter-valid-wxr-1.0.xml"))
    assert legacy.count("created", "article") == 3 and legacy.source_format == "WXR 1.0"


def test_pages_import_as_articles_on_request(fixtures_dir):
    path = fixtures_dir / "wxr" / "wpimporter-wxr-comprehensive.xml"
    skipped = load(wordpress.read(path))
    assert skipped.count("skipped", "page") == 1
    with_pages = load(wordpress.read(path, pages=True))
    assert with_pages.count("created", "article") == 1  # the page; the post is unchanged


def test_dry_run_reports_and_writes_nothing(fixtures_dir):
    path = fixtures_dir / "wxr" / "wpimporter-small-export.xml"
    report = load(wordpress.read(path), options=LoadOptions(dry_run=True))
    assert report.dry_run and report.count("created", "article") > 0
    assert "dry run" in report.as_text() and "would be created" in report.as_text()
    assert snapshot() == (0, 0, 0, 0)


def test_dates_are_utc_from_the_gmt_fields(fixtures_dir):
    load(wordpress.read(fixtures_dir / "wxr" / "wpimporter-valid-wxr-1.1.xml"))
    article = Article.objects.get()
    assert article.published_at.tzinfo is not None
    assert article.published_at.utcoffset() == dt.timedelta(0)

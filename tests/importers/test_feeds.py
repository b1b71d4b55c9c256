"""Feeds import: every fixture feed imports, or is refused with a clear message, never a
crash; counts, dates and characters right in every encoding; re-fetches update by GUID."""

import datetime as dt
import http.server
import threading
from pathlib import Path

import pytest

from dossiers.importers import feeds
from dossiers.importers.errors import ImportRefused
from dossiers.importers.loader import LoadOptions, load
from dossiers.knowledge.models import Filing
from dossiers.publishing.models import Article, ArticleStatus

pytestmark = pytest.mark.django_db

FEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "feeds"
ALL_FEEDS = sorted(str(p.relative_to(FEEDS)) for p in FEEDS.rglob("*") if p.is_file())
REFUSED = {
    "feedparser/encoding/bozo_bogus_encoding.xml",
    "feedparser/encoding/bozo_invalid-bytes-with-bom.xml",
    "feedparser/illformed/aaa_illformed.xml",
    "feedparser/illformed/rss_empty_document.xml",
    "feedparser/illformed/undeclared_namespace.xml",
    "realworld/rssparser-unrecognized.rss",
}
# Well-formed real feeds: (items, items with a date).
COUNTS = {
    "realworld/rssparser-guardian.rss": (55, 55),
    "realworld/rssparser-heise.atom": (15, 15),
    "realworld/rssparser-encoding.rss": (40, 40),
    "realworld/rssparser-reddit.rss": (24, 24),
    "realworld/rssparser-rss-1.rss": (69, 69),
    "realworld/rssparser-content-encoded.rss": (7, 7),
    "realworld/rssparser-heraldsun.rss": (2, 0),
    "realworld/feedjira-FeedBurnerXHTML.xml": (10, 10),
    "realworld/feedjira-RSSWithComments.xml": (30, 30),
    "realworld/feedjira-google_alerts_atom.xml": (20, 20),
    "realworld/feedjira-json_feed.json": (20, 20),
    "realworld/feedjira-TechCrunch.xml": (20, 20),
    "feedparser/json/example.json": (2, 0),
}


@pytest.mark.parametrize("name", ALL_FEEDS)
def test_every_fixture_feed_imports_or_is_refused_clearly(name):
    path = FEEDS / name
    if name in REFUSED:
        with pytest.raises(ImportRefused) as error:
            load(feeds.read(str(path)))
        assert path.name in str(error.value) and "nothing imported" in str(error.value)
        assert Article.objects.count() == 0
        return
    report = load(feeds.read(str(path)))
    assert report.count("failed") == 0, report.as_text()
    articles = Article.objects.all()
    assert articles.count() == report.count("created", "article")
    for article in articles:
        assert "<script" not in article.body_html and "onerror" not in article.body_html
        assert article.title
    if name in COUNTS:
        total, dated = COUNTS[name]
        assert articles.count() == total
        assert articles.filter(status=ArticleStatus.PUBLISHED).count() == dated
        assert articles.filter(published_at__isnull=True).count() == total - dated


def test_dates_authors_links_and_categories(fixtures_dir):
    load(feeds.read(str(fixtures_dir / "feeds/realworld/rssparser-guardian.rss")))
    article = Article.objects.order_by("published_at").last()
    assert article.canonical_url.startswith("https://www.theguardian.com/")
    assert article.published_at.tzinfo is not None
    assert (
        dt.datetime(2018, 1, 30, tzinfo=dt.UTC)
        < article.published_at
        < dt.datetime(2018, 2, 1, tzinfo=dt.UTC)
    )
    assert article.bylines.exists()
    assert Filing.objects.filter(article=article).count() > 0  # categories → entities


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("feedparser/illformed/chardet/koi8r.xml", "Как пережить новогоднюю ночь"),
        ("feedparser/illformed/chardet/shiftjis.xml", "DrecomRSSに記事投稿が反映されない"),
        ("feedparser/illformed/chardet/windows1255.xml", "האם תדפיס נייר"),
        ("feedparser/encoding/demoronize-1.xml", "don\u2019t"),
        ("realworld/rssparser-encoding.rss", "ç"),
        ("realworld/rssparser-heise.atom", "ü"),
        ("realworld/rssparser-uolNoticias.rss", "ções"),
    ],
)
def test_characters_survive_every_encoding(fixtures_dir, name, expected):
    load(feeds.read(str(fixtures_dir / "feeds" / name)))
    text = " ".join(f"{a.title} {a.body_text}" for a in Article.objects.all())
    assert expected in text


def test_the_feed_title_is_read_in_multibyte_encodings(fixtures_dir):
    for name, title in [("big5.xml", None), ("euc-kr.xml", "\ub144"), ("utf-16be.xml", None)]:
        records = list(feeds.read(str(fixtures_dir / "feeds/feedparser/encoding" / name)))
        if title:
            assert records[0].title == title
        assert records[0].format.startswith("rss")


def test_undated_items_follow_the_option(fixtures_dir):
    path = str(fixtures_dir / "feeds/realworld/rssparser-heraldsun.rss")
    report = load(feeds.read(path), options=LoadOptions(undated="skip"))
    assert report.count("skipped", "article") == 2 and Article.objects.count() == 0
    load(feeds.read(path), options=LoadOptions(undated="now"))
    assert Article.objects.visible().count() == 2


def test_a_refetch_updates_by_guid(tmp_path):
    feed = tmp_path / "feed.xml"
    template = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<link>https://example.org/</link><item><title>{title}</title>"
        "<guid>https://example.org/1</guid><link>https://example.org/1</link>"
        "<pubDate>Mon, 06 Jan 2025 09:00:00 GMT</pubDate><description>{body}</description>"
        "</item></channel></rss>"
    )
    feed.write_text(template.format(title="First", body="One"))
    load(feeds.read(str(feed)))
    feed.write_text(template.format(title="First, revised", body="One &lt;script&gt;x"))
    report = load(feeds.read(str(feed)))
    assert report.count("updated", "article") == 1
    article = Article.objects.get()
    assert article.title == "First, revised" and "<script" not in article.body_html
    assert load(feeds.read(str(feed))).count("skipped", "article") == 1


class _Handler(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):
        if self.path == "/slow":
            threading.Event().wait(3)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(fixtures_dir):
    _Handler.body = (fixtures_dir / "feeds/realworld/rssparser-reddit.rss").read_bytes()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_a_url_is_fetched_with_a_timeout_and_a_size_cap(server, settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "IMPORT_ALLOW_PRIVATE": True}  # a local server
    report = load(feeds.read(f"{server}/feed"))
    assert report.count("created", "article") == 24
    settings.DOSSIERS = {**settings.DOSSIERS, "FEED_FETCH_TIMEOUT": 1}
    with pytest.raises(ImportRefused, match="time limit"):
        list(feeds.read(f"{server}/slow"))
    with pytest.raises(ImportRefused, match=r"over the limit|size limit"):
        feeds.fetch(f"{server}/feed", limit=1000)
    with pytest.raises(ImportRefused, match="only http"):
        feeds.fetch("file:///etc/passwd")

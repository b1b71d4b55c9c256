"""`dossiers export site` on the demo: every sitemap URL has a file, no broken internal link,
the pages are the live site's, a second run rewrites nothing and an edit rewrites only the
pages that show it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from lxml import etree

from dossiers.demo.loader import load_demo
from dossiers.export.render import target_from
from dossiers.export.site import export_site
from dossiers.export.writer import Manifest
from dossiers.pipeline.services import article_save
from dossiers.publishing.models import Article
from tests.export.conftest import broken_links, files_of

pytestmark = pytest.mark.django_db

ORIGIN = "https://analysis.example.org"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def demo(settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "SITE_URL": ORIGIN}
    settings.ALLOWED_HOSTS = ["analysis.example.org"]
    load_demo()


def export(root: Path, **options: str | None) -> object:
    target = target_from(base_url=options.get("base_url"), live_url=options.get("live_url"))
    return export_site(root, target=target, jobs=1)


def sitemap_paths(root: Path) -> list[str]:
    """Every page URL of the exported sitemaps (the index, then its sections), as paths."""
    index = etree.parse(str(root / "sitemap.xml"))
    paths = []
    for section in index.xpath("s:sitemap/s:loc/text()", namespaces=NS):
        name = section.removeprefix(ORIGIN + "/")
        assert "?" not in name  # a section's pages are files, not query strings
        document = etree.parse(str(root / name))
        paths += [
            u.removeprefix(ORIGIN) for u in document.xpath("s:url/s:loc/text()", namespaces=NS)
        ]
    return paths


def test_the_demo_exports_whole_and_a_second_run_rewrites_nothing(demo, tmp_path, client):
    root = tmp_path / "site"
    first = export(root)
    files = files_of(root)
    assert first.written == first.files == len(files) + 0 and not first.missing
    for needed in (
        "index.html",
        "404.html",
        "robots.txt",
        "rss.xml",
        "atom.xml",
        "feed.json",
        "sitemap.xml",
        "topics/index.html",
        "glossary/index.html",
        "static/dossiers/site.css",
    ):
        assert needed in files, needed
    paths = sitemap_paths(root)
    assert len(paths) > 50
    missing = [p for p in paths if p.lstrip("/") + "index.html" not in files]
    assert not missing
    assert not broken_links(root, origin=ORIGIN)
    # Lists are exported page by page, as paths.
    assert any(re.fullmatch(r"topics/[^/]+/page/2/index\.html", name) for name in files)
    # Every hub, author and entity page has its feeds.
    hub = next(p for p in paths if p.startswith("/topics/"))
    assert f"{hub.lstrip('/')}rss.xml" in files and f"{hub.lstrip('/')}feed.json" in files
    # Nothing changed: nothing rendered, nothing written.
    second = export(root)
    assert second.skipped and files_of(root) == files


def test_exported_pages_are_the_live_pages(demo, tmp_path, client):
    root = tmp_path / "site"
    export(root, live_url=ORIGIN)
    article = Article.objects.visible().order_by("id").first()
    hub = next(p for p in sitemap_paths(root) if p.startswith("/topics/"))
    for path in ("/", "/topics/", "/glossary/", hub, article.get_absolute_url()):
        live = client.get(path, HTTP_HOST="analysis.example.org", secure=True)
        assert live.status_code == 200
        exported = (root / (path.lstrip("/") + "index.html")).read_text()
        assert _shared(exported) == _shared(live.content.decode()), path
    for feed in ("/rss.xml", hub + "atom.xml", "/sitemap.xml"):
        live = client.get(feed, HTTP_HOST="analysis.example.org", secure=True)
        assert (root / feed.lstrip("/")).read_bytes() == live.content, feed
    page = (root / article.get_absolute_url().lstrip("/") / "index.html").read_text()
    # Search and comments go to the live site; no form posts from the copy.
    assert f'action="{ORIGIN}/search/"' in page
    assert f'href="{ORIGIN}{article.get_absolute_url()}#comment-form"' in page
    assert 'method="post"' not in page


def _shared(page: str) -> str:
    """The page without what differs by design: the comment form (a per-reader CSRF token
    on the live site, a link to it in the copy), the search form's action and the reply
    links (to the live site from the copy)."""
    page = re.sub(r'href="[^"]*\?reply=', 'href="?reply=', page)
    page = re.sub(r'<form id="comment-form".*?</form>', "", page, flags=re.S)
    page = re.sub(r'<p class="form-note comments-elsewhere">.*?</p>', "", page, flags=re.S)
    page = re.sub(r'action="[^"]*/search/"', 'action="/search/"', page)
    return re.sub(r"\s+", " ", page)


def test_without_a_live_site_search_and_comments_are_left_out_with_a_note(demo, tmp_path, settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "SITE_URL": ""}
    root = tmp_path / "site"
    export(root, base_url=ORIGIN + "/")
    article = Article.objects.visible().order_by("id").first()
    page = (root / article.get_absolute_url().lstrip("/") / "index.html").read_text()
    assert "<form" not in page and "?reply=" not in page
    assert "Search is not available in this static copy" in page
    assert "comments cannot be sent from it" in page


def test_an_edit_rewrites_only_the_pages_that_show_it(demo, tmp_path):
    root = tmp_path / "site"
    export(root)
    before = files_of(root)
    article = Article.objects.visible().order_by("id").first()
    other = Article.objects.visible().exclude(authors__in=article.authors.all()).order_by("-id")[0]
    article_save(
        article=article,
        title=article.title,
        body=article.body,
        authors=list(article.authors.all()),
        summary="A new summary, written for this test.",
        slug=article.slug,
        status=article.status,
        published_at=article.published_at,
        canonical_url=article.canonical_url,
    )
    outcome = export(root)
    after = files_of(root)
    rewritten = {name for name in after if after[name] != before.get(name)}
    assert f"{article.get_absolute_url().lstrip('/')}index.html" in rewritten
    assert f"{other.get_absolute_url().lstrip('/')}index.html" not in rewritten
    assert outcome.written == len(rewritten) < len(after) // 4
    assert outcome.unchanged == len(after) - len(rewritten)


def test_a_base_url_with_a_sub_path_gives_working_links(demo, tmp_path):
    root = tmp_path / "site"
    export(root, base_url="https://cdn.example.net/archive/")
    home = (root / "index.html").read_text()
    assert 'href="/archive/topics/"' in home
    assert 'href="/archive/static/dossiers/site.css"' in home
    assert '<link rel="canonical" href="https://cdn.example.net/archive/">' in home
    assert not broken_links(root, origin="https://cdn.example.net", prefix="/archive/")
    robots = (root / "robots.txt").read_text()
    assert "Sitemap: https://cdn.example.net/archive/sitemap.xml" in robots


def test_the_command_exports_and_summarises(demo, tmp_path, capsys):
    call_command("export", "site", str(tmp_path / "site"), "--jobs", "1")
    out = capsys.readouterr().out
    assert re.search(r"\d+ pages, \d+ files: \d+ written, 0 unchanged", out)
    assert "search and comments left out" not in out  # DOSSIERS_SITE_URL is the live site
    assert Manifest.load(tmp_path / "site").files

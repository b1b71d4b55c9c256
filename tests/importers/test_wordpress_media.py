# ruff: noqa: E501  (the test export below keeps WordPress's long lines)
"""WordPress attachments into the media library: from a copy of the uploads folder, or
fetched from the old site (here a local HTTP server started by the test)."""

import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dossiers.importers import wordpress
from dossiers.importers.loader import LoadOptions, load
from dossiers.media.models import Image
from dossiers.publishing.models import Article
from tests.conftest import parse_html
from tests.media.images import picture_bytes

pytestmark = pytest.mark.django_db

_FILES = re.compile(
    r"https://wpthemetestdata\.files\.wordpress\.com/(\d{4}/\d{2}/[\w.-]+\.(?:jpe?g|png|gif))"
)
MISSING = "2008/06/canola2.jpg"


@pytest.fixture
def uploads(tmp_path, fixtures_dir):
    """A copy of the theme unit test's uploads, drawn here: every file but one."""
    wxr = fixtures_dir / "wxr" / "themeunittestdata.wordpress.xml"
    names = set(_FILES.findall(wxr.read_text(encoding="utf-8")))
    for i, name in enumerate(sorted(names)):
        if name == MISSING:
            continue
        path = tmp_path / "uploads" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        fmt = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF"}[name.rsplit(".", 1)[1]]
        path.write_bytes(picture_bytes((900, 600), fmt, colour=(i * 5 % 255, 80, 120)))
    return wxr, tmp_path / "uploads"


def test_the_theme_unit_test_brings_its_images_into_the_library(uploads, client):
    wxr, folder = uploads
    report = load(wordpress.read(wxr), options=LoadOptions(media_dir=str(folder)))
    assert Image.objects.count() > 20
    failed = report.labels("failed", "image")
    assert any(MISSING in label for label in failed)  # reported, and the import went on
    assert Article.objects.filter(featured_image__isnull=False).count() >= 4
    featured = Article.objects.filter(featured_image__isnull=False).first()
    assert featured.featured_image.source_url.startswith("https://wpthemetestdata")
    gallery = Article.objects.get(slug="post-format-gallery")
    assert '<div class="gallery">' in gallery.body_html
    assert gallery.body_html.count("<picture>") >= 3
    aligned = Article.objects.get(slug="markup-image-alignment")
    page = parse_html(client.get(f"/analysis/{aligned.slug}/"))
    assert page.css(".alignright img") and page.css(".alignleft img")
    assert page.css(".aligncenter img")
    srcs = [img.attributes["src"] for img in page.css(".article-body img")]
    assert srcs and all(src.startswith("/media/") for src in srcs)
    assert "figcaption" in aligned.body_html
    assert client.get(srcs[0]).status_code == 200
    again = load(wordpress.read(wxr), options=LoadOptions(media_dir=str(folder)))
    assert again.count("created", "image") == 0  # known by address: not imported twice


def test_without_a_copy_images_stay_on_the_old_site_as_before(fixtures_dir):
    wxr = fixtures_dir / "wxr" / "themeunittestdata.wordpress.xml"
    load(wordpress.read(wxr))
    assert Image.objects.count() == 0
    post = Article.objects.get(slug="post-format-gallery")
    assert 'class="gallery"' in post.body_html and "wpthemetestdata" in post.body_html
    with_thumbnail = Article.objects.filter(body__startswith="<figure><img").count()
    assert with_thumbnail >= 4  # the featured image shown above the text, from the old site


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Harbour notes</title><link>{base}</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>ed</wp:author_login><wp:author_display_name>Ed Itor</wp:author_display_name></wp:author>
<item><title>Quay</title><wp:post_id>10</wp:post_id><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>{base}/wp-content/uploads/2020/01/quay.jpg</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>The quay at dawn</wp:meta_value></wp:postmeta>
</item>
<item><title>Morning at the harbour</title><wp:post_id>11</wp:post_id><wp:post_type>post</wp:post_type>
<wp:status>publish</wp:status><wp:post_name>morning-harbour</wp:post_name><dc:creator>ed</dc:creator>
<wp:post_date_gmt>2024-01-02 08:00:00</wp:post_date_gmt>
<content:encoded><![CDATA[Boats came in early.

<a href="{base}/wp-content/uploads/2020/01/quay.jpg"><img class="alignright size-medium wp-image-10" src="{base}/wp-content/uploads/2020/01/quay-300x200.jpg" alt="" width="300" height="200" srcset="{base}/wp-content/uploads/2020/01/quay-300x200.jpg 300w" /></a>

<img src="{base}/wp-content/uploads/2020/01/gone.jpg" alt="A lost picture" />

The nets were dry by noon.]]></content:encoded>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>10</wp:meta_value></wp:postmeta>
</item>
</channel></rss>
"""


@pytest.fixture
def old_site(tmp_path):
    root = tmp_path / "site"
    (root / "wp-content/uploads/2020/01").mkdir(parents=True)
    (root / "wp-content/uploads/2020/01/quay.jpg").write_bytes(picture_bytes((1200, 800)))
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_images_are_fetched_from_the_old_site_when_asked(old_site, tmp_path, settings, client):
    settings.DOSSIERS = {**settings.DOSSIERS, "IMPORT_ALLOW_PRIVATE": True}  # a local server
    wxr = tmp_path / "export.xml"
    wxr.write_text(WXR.format(base=old_site), encoding="utf-8")
    report = load(wordpress.read(wxr), options=LoadOptions(fetch_media=True))
    image = Image.objects.get()
    assert image.alt == "The quay at dawn"  # the attachment's alt text, from its postmeta
    assert image.source_url == f"{old_site}/wp-content/uploads/2020/01/quay.jpg"  # the original
    article = Article.objects.get(slug="morning-harbour")
    assert article.featured_image_id == image.pk
    assert f'href="/media/{image.file.name}"' in article.body_html  # the full-size link
    assert "alignright" in article.body_html and "quay-300x200" not in article.body_html
    assert any("gone.jpg" in label for label in report.labels("failed", "image"))
    assert "A lost picture" in article.body_html  # left as it was, on the old site
    page = parse_html(client.get("/analysis/morning-harbour/"))
    assert page.css_first(".article-hero img") is not None


def test_private_addresses_are_not_fetched_unless_allowed(old_site, tmp_path):
    wxr = tmp_path / "export.xml"
    wxr.write_text(WXR.format(base=old_site), encoding="utf-8")
    report = load(wordpress.read(wxr), options=LoadOptions(fetch_media=True))
    assert Image.objects.count() == 0
    assert report.labels("failed", "image")
    assert Article.objects.get(slug="morning-harbour").featured_image_id is None


def test_a_resized_name_without_its_original_is_a_picture_of_its_own(tmp_path):
    from dossiers.importers.media import MediaImporter, MediaOptions
    from dossiers.importers.report import ImportReport

    folder = tmp_path / "uploads" / "2013" / "03"
    folder.mkdir(parents=True)
    (folder / "align-150x150.jpg").write_bytes(picture_bytes((150, 150), colour=(1, 2, 3)))
    (folder / "align-580x300.jpg").write_bytes(picture_bytes((580, 300), colour=(9, 8, 7)))
    importer = MediaImporter(MediaOptions(directory=tmp_path / "uploads"), ImportReport())
    base = "https://old.example/wp-content/uploads/2013/03/"
    small = importer.image_for(base + "align-150x150.jpg", alt="", caption="")
    wide = importer.image_for(base + "align-580x300.jpg", alt="", caption="")
    assert small and wide and small != wide
    assert Image.objects.get(pk=wide).width == 580

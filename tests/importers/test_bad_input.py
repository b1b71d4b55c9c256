"""Truncated, binary, huge and hostile files fail fast, with a clear message, in bounded
memory, and leave the database as it was."""

import os
import subprocess
import sys
import time

import pytest

from dossiers.importers import feeds, markdown, wordpress
from dossiers.importers.errors import ImportRefused
from dossiers.importers.loader import load
from dossiers.publishing.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
    'xmlns:wp="http://wordpress.org/export/1.2/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
    "<wp:wxr_version>1.2</wp:wxr_version>\n"
)
ITEM = (
    "<item><title>Post {n}</title><wp:post_id>{n}</wp:post_id><wp:post_type>post</wp:post_type>"
    "<wp:status>publish</wp:status><wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt>"
    "<content:encoded><![CDATA[<p>Body of post {n}, long enough to matter.</p>]]>"
    "</content:encoded></item>\n"
)
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)
XXE = '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


@pytest.fixture
def existing():
    article = ArticleFactory(title="Already here")
    return Article.objects.count(), article


def refused(records, existing):
    before, _ = existing
    started = time.perf_counter()
    with pytest.raises(ImportRefused) as error:
        load(records)
    assert Article.objects.count() == before
    return str(error.value), time.perf_counter() - started


def test_truncated_wxr_is_refused_with_its_line(tmp_path, existing):
    path = tmp_path / "cut.xml"
    path.write_text(HEAD + "".join(ITEM.format(n=n) for n in range(50))[:-200])
    message, _ = refused(wordpress.read(path), existing)
    assert "cut.xml" in message and "line" in message and "cut off" in message


def test_binary_and_non_wxr_files_are_refused(tmp_path, existing):
    binary = tmp_path / "photo.xml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000))
    assert "binary data" in refused(wordpress.read(binary), existing)[0]
    archive = tmp_path / "export.xml"
    archive.write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(100))
    assert "compressed archive" in refused(wordpress.read(archive), existing)[0]
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>')
    assert "not a WordPress export" in refused(wordpress.read(feed), existing)[0]
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    assert "empty" in refused(wordpress.read(empty), existing)[0]


@pytest.mark.parametrize("prolog", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_hostile_xml_is_refused_before_parsing(tmp_path, existing, prolog):
    wxr = tmp_path / "hostile.xml"
    wxr.write_text(prolog + HEAD.split("\n", 1)[1] + "<title>&lol9;</title></channel></rss>")
    message, seconds = refused(wordpress.read(wxr), existing)
    assert "entity" in message and seconds < 2
    feed = tmp_path / "hostile-feed.xml"
    body = "&lol9;" if prolog is BILLION_LAUGHS else "&xxe;"
    feed.write_text(prolog + f'<rss version="2.0"><channel><title>{body}</title></channel></rss>')
    message, seconds = refused(feeds.read(str(feed)), existing)
    assert "entit" in message and "refused" in message and seconds < 2


def test_huge_files_fail_fast_in_bounded_memory(tmp_path, existing, settings):
    # 100 MB of junk: refused from its first bytes.
    junk = tmp_path / "junk.xml"
    with junk.open("wb") as handle:
        for _ in range(100):
            handle.write(os.urandom(1 << 20))
    message, seconds = refused(wordpress.read(junk), existing)
    assert "binary" in message and seconds < 1
    # Over the configured size limit: refused without reading.
    settings.DOSSIERS = {**settings.DOSSIERS, "IMPORT_MAX_MB": 50, "FEED_FETCH_MAX_MB": 20}
    message, seconds = refused(wordpress.read(junk), existing)
    assert "over the limit of 50 MB" in message and seconds < 1
    message, _ = refused(feeds.read(str(junk)), existing)
    assert "over the limit" in message


def test_a_100mb_export_cut_off_at_the_end_is_read_in_bounded_memory(tmp_path):
    """The whole file is streamed (the fault is at its very end) in a separate process whose
    peak memory is measured: it stays far below the file's size."""
    path = tmp_path / "big.xml"
    chunk = "".join(ITEM.format(n=n) for n in range(1000)).encode()
    with path.open("wb") as handle:
        handle.write(HEAD.encode())
        while handle.tell() < 100 * 1024 * 1024:
            handle.write(chunk)
        handle.write(b"<item><title>cut")
    script = (
        "import os, resource, sys, time, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'dossiers.settings'\n"
        "django.setup()\n"
        "from pathlib import Path\n"
        "from dossiers.importers import wordpress\n"
        "from dossiers.importers.errors import ImportRefused\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "started = time.perf_counter()\n"
        "try:\n"
        "    wordpress.scan(Path(sys.argv[1]))\n"
        "    print('accepted')\n"
        "except ImportRefused as error:\n"
        "    print('refused', error)\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print('growth_mb', (peak - before) // 1024, 'seconds', round(time.perf_counter() - started))\n"  # noqa: E501
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DOSSIERS_DATA_DIR"] = str(tmp_path / "var")
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    out = result.stdout
    assert "refused" in out and "cut off" in out, out + result.stderr
    growth = int(out.split("growth_mb")[1].split()[0])
    assert growth < 100, out  # the file is 100 MB; the reader holds one item at a time


def test_a_text_node_over_10_mb_is_refused(tmp_path, existing):
    path = tmp_path / "giant.xml"
    with path.open("w") as handle:
        handle.write(HEAD + "<item><title>x</title><content:encoded><![CDATA[")
        for _ in range(12):
            handle.write("word " * 200_000)
        handle.write("]]></content:encoded></item></channel></rss>")
    message, _ = refused(wordpress.read(path), existing)
    assert "giant.xml" in message and "line" in message


def test_broken_feeds_and_markdown_files_are_reported(tmp_path, existing):
    truncated = tmp_path / "cut.rss"
    truncated.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</titl')
    assert "not a readable feed" in refused(feeds.read(str(truncated)), existing)[0]
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "binary.md").write_bytes(b"---\ntitle: x\n---\n\x00\x01\x02")
    (folder / "bomb.md").write_text(
        "---\ntitle: bomb\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a]\n"
        "c: [*b, *b, *b, *b, *b]\n---\nbody\n"
    )
    (folder / "latin1.md").write_bytes("---\ntitle: Café\n---\nna\xefve".encode("latin-1"))
    (folder / "good.md").write_text("---\ntitle: Fine\ndate: 2024-05-01T10:00:00Z\n---\nText.\n")
    report = load(markdown.read(folder))
    reasons = {o.label: o.reason for o in report.outcomes if o.action == "failed"}
    assert "binary data" in reasons["binary.md"]
    assert "aliases" in reasons["bomb.md"]
    assert "not UTF-8" in reasons["latin1.md"]
    assert report.count("created", "article") == 1

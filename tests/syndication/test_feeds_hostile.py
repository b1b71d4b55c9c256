"""Hostile text in every field that reaches a feed comes out as text, never as live markup.

Summaries, titles, author names and definitions are plain text; bodies are HTML
sanitised when rendered. Each feed is parsed back as XML (or JSON), and every value
a feed reader treats as HTML is parsed as HTML: no script, no event handler, no
javascript: link may appear.
"""

import json

import pytest
from lxml import etree
from selectolax.lexbor import LexborHTMLParser

from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, HubFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    "\"'><svg onload=alert(2)>",
    '<a href="javascript:alert(3)">click</a>',
    "&lt;script&gt;alert(4)&lt;/script&gt;",
    "<iframe src=//evil.example></iframe>",
    "<body onload=alert(5)>",
    "]]><script>alert(6)</script>",
]
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}


@pytest.fixture
def hostile(db):
    for i, payload in enumerate(PAYLOADS):
        author = AuthorFactory(name=f"Writer {payload}"[:100], slug=f"writer-{i}")
        entity = EntityFactory(name=f"Straits{i}", slug=f"straits-{i}", definition=payload)
        ArticleFactory(
            title=f"Note {i} {payload}",
            slug=f"note-{i}",
            summary=f"Summary {payload}",
            body=f"Straits{i} matter.\n\n{payload}",
            authors=[author],
        )
        HubFactory(slug=f"hub-{i}", headline=payload, key_entities=[entity])
    return len(PAYLOADS)


def live_markup(html: str) -> list[str]:
    page = LexborHTMLParser(html)
    found = [node.tag for node in page.css("script, iframe, svg, object, embed")]
    for node in page.css("*"):
        for name, value in node.attributes.items():
            if name.lower().startswith("on"):
                found.append(f"{node.tag}[{name}]")
            if name.lower() in {"href", "src"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                found.append(f"{node.tag}[{name}=javascript:]")
    return found


def html_values(kind: str, body: bytes) -> list[str]:
    """The values of a feed that readers render as HTML."""
    if kind == "json":
        items = json.loads(body)["items"]
        return [item["content_html"] for item in items if "content_html" in item]
    document = etree.fromstring(body)
    if kind == "rss":
        paths = ["//item/description", "//item/content:encoded", "//channel/description"]
    else:
        paths = ["//atom:entry/atom:summary", "//atom:entry/atom:content"]
    return [node.text or "" for path in paths for node in document.xpath(path, namespaces=NS)]


FEEDS = [
    (f"{prefix}{name}", name)
    for i in (0, 2, 3)
    for prefix in ("/", f"/topics/hub-{i}/", f"/authors/writer-{i}/", f"/entities/straits-{i}/")
    for name in ("rss.xml", "atom.xml", "feed.json")
]


@pytest.mark.parametrize(("path", "name"), FEEDS)
def test_no_feed_carries_live_markup(client, hostile, path, name):
    url = path
    response = client.get(url)
    assert response.status_code == 200, url
    kind = {"rss.xml": "rss", "atom.xml": "atom", "feed.json": "json"}[name]
    values = html_values(kind, response.content)
    assert values, f"{url} has no HTML values to check"
    for value in values:
        assert live_markup(value) == [], (url, value)


def test_plain_text_stays_readable_text(client, db):
    """A summary is text: markup in one is taken out when it is saved, and what is left
    is escaped exactly once, so a reader shows it as written."""
    ArticleFactory(title="Arithmetic", slug="arithmetic", summary="5 < 6 & 7 > 2, <b>said</b> one")
    rss = etree.fromstring(client.get("/rss.xml").content)
    shown = [LexborHTMLParser(d.text).text() for d in rss.xpath("//item/description")]
    assert shown == ["5 < 6 & 7 > 2, said one"]
    assert b"onerror=" not in client.get("/rss.xml").content
    feed = json.loads(client.get("/feed.json").content)
    assert [item.get("summary") for item in feed["items"]] == ["5 < 6 & 7 > 2, said one"]


def test_no_summary_names_a_script_or_a_handler(client, hostile):
    """Not even as escaped text: hostile markup in a summary is gone before any feed
    (titles and names are text and stay as typed, escaped)."""
    rss = etree.fromstring(client.get("/rss.xml").content)
    atom = etree.fromstring(client.get("/atom.xml").content)
    summaries = [d.text or "" for d in rss.xpath("//item/description")]
    summaries += [s.text or "" for s in atom.xpath("//atom:summary", namespaces=NS)]
    summaries += [
        i.get("summary", "") for i in json.loads(client.get("/feed.json").content)["items"]
    ]
    assert summaries and not any("onerror" in s or "<script" in s for s in summaries)

"""The W3C feed validator's rules, written as tests (no network, no validator binary):
required elements, date formats, absolute links and ids, a self link that is the feed's
own address, co-authors as separate people, `updated` never before `published`, and no
relative URL or executable markup in HTML content. Run over every feed of the demo site."""

import email.utils
import json
import re

import pytest
from django.urls import reverse
from lxml import etree
from selectolax.lexbor import LexborHTMLParser

from tests.syndication.test_feeds_out import feed_pages

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
BASE = "http://testserver"


def html_problems(html: str) -> list[str]:
    """What the validator flags in HTML content: relative links, unsafe elements."""
    page = LexborHTMLParser(html)
    problems = [f"<{n.tag}>" for n in page.css("script, iframe, object, embed, form")]
    for node in page.css("[href], [src]"):
        for name in ("href", "src"):
            value = (node.attributes.get(name) or "").strip()
            if value and not re.match(r"^(https?:|mailto:|#)", value):
                problems.append(f"relative {name}={value!r}")
    for node in page.css("*"):
        problems += [f"{node.tag}[{a}]" for a in node.attributes if a.lower().startswith("on")]
    return problems


def check_rss(body: bytes, url: str) -> None:
    channel = etree.fromstring(body).find("channel")
    for name in ("title", "link", "description"):
        assert channel.findtext(name), f"{url}: channel without <{name}>"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == BASE + url
    assert email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate"))
    for item in channel.findall("item"):
        assert item.findtext("title") or item.findtext("description")
        assert item.findtext("link").startswith("http")
        guid = item.find("guid")
        assert guid is not None and guid.text.startswith("http")
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate"))
        assert item.findall("{http://purl.org/dc/elements/1.1/}creator"), "no author"
        for name in ("description", "{http://purl.org/rss/1.0/modules/content/}encoded"):
            assert html_problems(item.findtext(name) or "") == [], (url, name)


def check_atom(body: bytes, url: str) -> None:
    feed = etree.fromstring(body)
    for name in ("id", "title", "updated"):
        assert feed.findtext(ATOM + name), f"{url}: feed without <{name}>"
    assert RFC3339.match(feed.findtext(ATOM + "updated"))
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == BASE + url
    for entry in feed.findall(ATOM + "entry"):
        for name in ("id", "title", "updated", "published"):
            assert entry.findtext(ATOM + name), f"{url}: entry without <{name}>"
        assert entry.findtext(ATOM + "id").startswith("http")
        published, updated = entry.findtext(ATOM + "published"), entry.findtext(ATOM + "updated")
        assert RFC3339.match(published) and RFC3339.match(updated)
        assert updated >= published, f"{url}: updated before published"
        authors = entry.findall(ATOM + "author")
        assert authors and all(a.findtext(ATOM + "name") for a in authors)
        assert all(" and " not in a.findtext(ATOM + "name") for a in authors)
        for name in ("summary", "content"):
            node = entry.find(ATOM + name)
            if node is not None:
                assert node.get("type") == "html"
                assert html_problems(node.text or "") == [], (url, name)


def check_json(body: bytes, url: str) -> None:
    feed = json.loads(body)
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["title"]
    assert feed["feed_url"] == BASE + url and feed["home_page_url"].startswith("http")
    for item in feed["items"]:
        assert item["id"] and item["url"].startswith("http")
        assert "content_html" in item or "content_text" in item
        assert all(set(a) <= {"name", "url", "avatar"} and a["name"] for a in item["authors"])
        assert RFC3339.match(item["date_published"])
        assert item.get("date_modified", item["date_published"]) >= item["date_published"]
        assert html_problems(item.get("content_html", "")) == [], url


def test_every_demo_feed_keeps_the_validators_rules(client, demo):
    checked = 0
    for route, args, _entries in feed_pages():
        for kind, check in (("rss", check_rss), ("atom", check_atom), ("json", check_json)):
            url = reverse(f"{route}-{kind}", args=args)
            response = client.get(url)
            assert response.status_code == 200, url
            check(response.content, url)
            checked += 1
    assert checked >= 30


def test_the_imported_theme_unit_tests_feeds_keep_the_validators_rules(client, db, fixtures_dir):
    from dossiers.importers import wordpress
    from dossiers.importers.loader import load

    load(wordpress.read(fixtures_dir / "wxr" / "themeunittestdata.wordpress.xml"))
    checked = 0
    for route, args, _entries in feed_pages():
        for kind, check in (("rss", check_rss), ("atom", check_atom), ("json", check_json)):
            url = reverse(f"{route}-{kind}", args=args)
            check(client.get(url).content, url)
            checked += 1
    assert checked >= 30

"""Every feed of the demo site, read by feedparser (the consumer): well-formed, with the
right items, dates, authors and links; JSON Feeds by their spec; conditional GET."""

import json

import feedparser
import pytest
from django.urls import reverse

from dossiers.hubs.models import Hub
from dossiers.knowledge.models import Entity
from dossiers.publishing.models import Article, Author
from dossiers.syndication import selectors
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def feed_pages():
    pages = [("feed", [], selectors.site_entries())]
    pages += [
        ("hub-feed", [t.slug], selectors.hub_entries(hub=t))
        for t in Hub.objects.filter(status="published")
    ]
    pages += [
        ("author-feed", [a.slug], selectors.author_entries(author=a)) for a in Author.objects.all()
    ]
    pages += [
        ("entity-feed", [e.slug], selectors.entity_entries(entity=e)) for e in Entity.objects.all()
    ]
    return pages


def test_every_demo_feed_is_read_cleanly_by_feedparser(client, demo):
    checked = 0
    for route, args, entries in feed_pages():
        expected = [reverse("article", args=[e.slug]) for e in entries]
        for kind in ("rss", "atom"):
            response = client.get(reverse(f"{route}-{kind}", args=args))
            assert response.status_code == 200
            parsed = feedparser.parse(response.content)
            assert parsed.bozo == 0, (route, args, kind, parsed.get("bozo_exception"))
            assert parsed.version == ("rss20" if kind == "rss" else "atom10")
            links = [e.link.removeprefix("http://testserver") for e in parsed.entries]
            assert links == expected
            for entry, source in zip(parsed.entries, entries, strict=True):
                assert entry.title == source.title
                assert entry.published_parsed[:6] == source.published_at.utctimetuple()[:6]
                # Each person of the byline is an author of their own, in order.
                names = [person.get("name") for person in entry.authors]
                assert names == [author.name for author in source.authors]
                assert entry.content[0].value if kind == "atom" else entry.content
            checked += 1
        data = json.loads(client.get(reverse(f"{route}-json", args=args)).content)
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert [i["url"].removeprefix("http://testserver") for i in data["items"]] == expected
        for item in data["items"]:
            assert item["id"] and item["title"] and item["date_published"]
            assert item["authors"][0]["name"] and "content_html" in item
    assert checked > 50


def test_summary_only_feeds(client, demo, settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "FEED_FULL_TEXT": False}
    parsed = feedparser.parse(client.get("/rss.xml").content)
    assert parsed.bozo == 0 and "content" not in parsed.entries[0]
    newest = Article.objects.visible().order_by("-published_at").first()
    assert parsed.entries[0].summary == newest.summary
    data = json.loads(client.get("/feed.json").content)
    assert "content_html" not in data["items"][0] and data["items"][0]["content_text"]


def test_conditional_get_answers_304(client, demo):
    first = client.get("/topics/turkey-nato/atom.xml")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/topics/turkey-nato/atom.xml", HTTP_IF_NONE_MATCH=etag).status_code == 304
    again = client.get("/topics/turkey-nato/atom.xml", HTTP_IF_MODIFIED_SINCE=modified)
    assert again.status_code == 304
    ArticleFactory(title="Turkey NATO news", body="Turkey NATO again.")
    changed = client.get("/topics/turkey-nato/atom.xml", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_unknown_feeds_are_404(client, db):
    for url in ("/topics/nope/rss.xml", "/authors/nope/atom.xml", "/entities/nope/feed.json"):
        assert client.get(url).status_code == 404

"""Feeds, sitemaps and JSON-LD compared byte for byte with committed golden files
(fixed clock and data). Set DOSSIERS_UPDATE_GOLDEN=1 to rewrite them after an intended
change, and read the diff before committing it."""

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import time_machine
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, HubFactory

pytestmark = pytest.mark.django_db
GOLDEN = Path(__file__).parent / "golden"
FIXED = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def fixed_site(settings):
    settings.DOSSIERS = {
        **settings.DOSSIERS,
        "SITE_NAME": "Dossiers",
        "FEED_ITEMS": 20,
        "FEED_FULL_TEXT": True,
        "SITE_TAGLINE": "Analysis, topic by topic",
    }
    with time_machine.travel(FIXED, tick=False):
        writer = AuthorFactory(name="Mira Kovač", slug="mira-kovac")
        partner = AuthorFactory(name="Daniel Okafor", slug="daniel-okafor")
        straits = EntityFactory(name="Bosporus", slug="bosporus", aliases=["Bosphorus"])
        for i in range(3):
            ArticleFactory(
                title=f"Straits note {i} <&> “quoted”",
                slug=f"straits-note-{i}",
                body=f"The Bosporus, day {i}.\n\n<b>Bold</b> & plain.",
                summary=f"Summary {i} with 5 < 6 & ampersand.",
                published_at=FIXED - dt.timedelta(days=10 - i),
                authors=[writer, partner] if i == 2 else [writer],
            )
        HubFactory(name="Straits", slug="straits", headline="Passage rules", key_entities=[straits])
        yield


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/rss.xml", "site.rss.xml"),
        ("/atom.xml", "site.atom.xml"),
        ("/feed.json", "site.feed.json"),
        ("/topics/straits/rss.xml", "hub.rss.xml"),
        ("/authors/daniel-okafor/atom.xml", "author.atom.xml"),
    ],
)
def test_feeds_match_their_golden_files(client, fixed_site, url, name):
    assert_golden(name, fetch(client, url))


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/sitemap.xml", "sitemap.xml"),
        ("/sitemap-articles.xml", "sitemap-articles.xml"),
        ("/sitemap-hubs.xml", "sitemap-hubs.xml"),
        ("/sitemap-authors.xml", "sitemap-authors.xml"),
        ("/sitemap-entities.xml", "sitemap-entities.xml"),
        ("/robots.txt", "robots.txt"),
    ],
)
def test_sitemaps_match_their_golden_files(client, fixed_site, url, name):
    assert_golden(name, fetch(client, url))


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/", "home.jsonld"),
        ("/analysis/straits-note-2/", "article.jsonld"),
        ("/topics/straits/", "hub.jsonld"),
        ("/authors/mira-kovac/", "author.jsonld"),
        ("/entities/bosporus/", "entity.jsonld"),
    ],
)
def test_structured_data_matches_its_golden_files(client, fixed_site, url, name):
    page = HTMLParser(fetch(client, url).decode())
    blocks = [json.loads(node.text()) for node in page.css('script[type="application/ld+json"]')]
    assert blocks, f"{url} carries no JSON-LD"
    text = json.dumps(blocks, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    assert_golden(name, text.encode())


def fetch(client, url: str) -> bytes:
    with time_machine.travel(FIXED + dt.timedelta(hours=1), tick=False):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def assert_golden(name: str, body: bytes) -> None:
    golden = GOLDEN / name
    if os.environ.get("DOSSIERS_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(body)
    assert body == golden.read_bytes()

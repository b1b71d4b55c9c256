"""Feed output compared byte for byte with committed golden files (fixed clock and data).
Set DOSSIERS_UPDATE_GOLDEN=1 to rewrite them after an intended change."""

import datetime as dt
import os
from pathlib import Path

import pytest
import time_machine

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
                summary=f"Summary {i} with <angle> & ampersand.",
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
    with time_machine.travel(FIXED + dt.timedelta(hours=1), tick=False):
        body = client.get(url).content
    golden = GOLDEN / name
    if os.environ.get("DOSSIERS_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(body)
    assert body == golden.read_bytes()

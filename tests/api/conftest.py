import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from dossiers.comments.models import CommentKind, CommentStatus
from dossiers.comments.services import comment_counts_refresh, comment_record
from tests.conftest import kept_for_the_module
from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, HubFactory, make_comment

UTC = dt.UTC


def at(day: str, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=UTC)


@pytest.fixture(scope="module")
def _newsroom(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        yield _newsroom_build()


@pytest.fixture
def newsroom(_newsroom, db):
    """A small site with everything the API must show, and everything it must not, built
    once per module (each test rolls back what it changes)."""
    return _newsroom


def _newsroom_build() -> SimpleNamespace:
    turkey = EntityFactory(
        name="Turkey",
        slug="turkey",
        type="country",
        definition="A NATO member astride the Straits.",
        description="**Turkey** joined the alliance in 1952.",
        aliases=["Türkiye", "Republic of Turkey"],
        same_as=["https://www.wikidata.org/wiki/Q43"],
    )
    nato = EntityFactory(
        name="NATO", slug="nato", type="organisation", aliases=["North Atlantic Treaty Org."]
    )
    baltics = EntityFactory(name="Baltic states", slug="baltic-states", type="place")
    mira = AuthorFactory(
        name="Mira Kovač",
        slug="mira-kovac",
        bio="Covers *the Black Sea*.",
        links=["https://example.org/mira"],
    )
    daniel = AuthorFactory(name="Daniel Okafor", slug="daniel-okafor")
    AuthorFactory(name="Zoe Unpublished", slug="zoe-unpublished")
    vote = ArticleFactory(
        title="Turkey and NATO after the vote",
        slug="after-the-vote",
        body="Turkey weighed its NATO ties for weeks. Turkey voted.\n\n"
        + "More analysis follows. " * 30
        + "\n\nThe Baltic states noticed.",
        published_at=at("2025-03-10"),
        authors=[mira, daniel],
    )
    drones = ArticleFactory(
        title="Turkey's drones",
        slug="turkeys-drones",
        body="Turkey sells drones. Turkey builds more.",
        published_at=at("2025-03-12", 22, 30),  # 13 March in Istanbul
        authors=[mira],
        canonical_url="https://elsewhere.example.org/drones",
    )
    flank = ArticleFactory(
        title="NATO's northern flank and the Baltic states",
        slug="northern-flank",
        body="NATO plans for the Baltic states.",
        published_at=at("2025-04-01"),
        authors=[daniel],
    )
    draft = ArticleFactory(
        title="Turkey draft",
        slug="turkey-draft",
        body="Turkey, unfinished.",
        status="draft",
        published_at=None,
        authors=[mira],
    )
    scheduled = ArticleFactory(
        title="Turkey tomorrow",
        slug="turkey-tomorrow",
        body="Turkey, NATO and next week.",
        published_at=timezone.now() + dt.timedelta(days=2),
        authors=[mira],
    )
    hub = HubFactory(
        name="Turkey NATO",
        slug="turkey-nato",
        headline="Alliance tensions",
        intro="The **hub** intro.",
        key_entities=[turkey, nato],
        pinned=[flank],
    )
    secret = HubFactory(name="Secret hub", slug="secret-hub", status="draft", key_entities=[turkey])
    HubFactory(name="Baltic watch", slug="baltic-watch", key_entities=[baltics], intro="")

    first = make_comment(
        vote,
        name="Ada",
        email="ada@example.net",
        body="First *point*.",
        created_at=at("2025-03-11"),
    )
    first.url = "https://ada.example.org"
    first.save(update_fields=["url"])
    reply = make_comment(
        vote, parent=first, name="Ben", body="A reply.", created_at=at("2025-03-11", 12)
    )
    held = make_comment(
        vote,
        status=CommentStatus.PENDING,
        name="Held",
        body="Pending words.",
        created_at=at("2025-03-11", 13),
    )
    orphan = make_comment(
        vote, parent=held, name="Orphan", body="Reply to held.", created_at=at("2025-03-11", 14)
    )
    make_comment(
        vote,
        status=CommentStatus.SPAM,
        name="Spammer",
        body="Buy things.",
        created_at=at("2025-03-11", 15),
    )
    later = make_comment(vote, name="Cleo", body="Later thought.", created_at=at("2025-03-12"))
    comment_record(
        article=vote,
        name="Other blog",
        email="",
        body="Linked here.",
        kind=CommentKind.PINGBACK,
        status=CommentStatus.APPROVED,
        created_at=at("2025-03-12", 1),
    )
    comment_counts_refresh(article_ids=[vote.pk])
    return SimpleNamespace(**locals())

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, HubFactory, make_comment


@pytest.fixture
def hub(db):
    """A seed-like hub: three key entities with aliases, 23 articles, comments."""
    turkey_nato = EntityFactory(
        name="Turkey NATO",
        definition="Turkey's membership of the Atlantic alliance since 1952.",
        aliases=["NATO's southern anchor", "Türkiye NATO"],
    )
    autonomy = EntityFactory(
        name="EU defense integration",
        definition="Europe building military capability of its own.",
        aliases=["strategic autonomy"],
    )
    sovereignty = EntityFactory(
        name="defense sovereignty",
        definition="Deciding on defence without outside pressure.",
        aliases=[],
    )
    black_sea = EntityFactory(name="Black Sea", definition="An inland sea.")
    baltics = EntityFactory(name="Baltic states", definition="Estonia, Latvia and Lithuania.")
    writer = AuthorFactory(name="Mira Kovač")
    partner = AuthorFactory(name="Daniel Okafor")
    start = dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC)
    articles = []
    for i in range(23):
        body = (
            "Turkey NATO relations."
            + (" The Black Sea matters." if i % 2 else "")
            + (" The Baltic states watch." if i % 5 == 0 else "")
        )
        articles.append(
            ArticleFactory(
                title=f"Hub analysis {i:02d}",
                body=body,
                summary=f"Summary of analysis {i:02d}.",
                published_at=start + dt.timedelta(days=14 * i),
                authors=[writer, partner] if i == 22 else [writer],
            )
        )
    ArticleFactory(title="Unrelated piece", body="Nothing relevant.", authors=[writer])
    hub = HubFactory(
        name="Turkey NATO",
        headline="Alliance Tensions, Defense Shifts, and Strategic Autonomy",
        slug="turkey-nato",
        intro="An intro paragraph about **Turkey** in the alliance.",
        key_entities=[turkey_nato, autonomy, sovereignty],
    )
    newest = articles[-1]
    make_comment(newest)
    make_comment(newest, name="Second")
    make_comment(newest, status="pending")
    make_comment(articles[-2])
    return {
        "hub": hub,
        "articles": articles,
        "writer": writer,
        "partner": partner,
        "entities": [turkey_nato, autonomy, sovereignty],
        "black_sea": black_sea,
        "baltics": baltics,
        "now": timezone.now(),
    }

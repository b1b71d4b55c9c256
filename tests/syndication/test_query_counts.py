"""Feeds and sitemaps run a fixed number of queries, however many items they list."""

import pytest

from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, HubFactory

pytestmark = pytest.mark.django_db

EXPECTED = {
    "/rss.xml": 4,  # token, entries, bylines, hubs of the entries
    "/topics/hub/atom.xml": 5,  # token, hub, entries, bylines, hubs
    "/authors/writer/feed.json": 5,  # token, author, entries, bylines, hubs
    "/entities/key/rss.xml": 6,  # token, entity, aliases, entries, bylines, hubs
    "/sitemap.xml": 13,  # token, 4 × (section non-empty?, page count, latest lastmod)
    "/sitemap-articles.xml": 7,  # token, 4 sections non-empty?, count, page
}


def grow(world, n):
    for _i in range(n):
        extra = AuthorFactory()
        ArticleFactory(
            title=f"Key piece {world['count']}",
            body="Key matters.",
            authors=[world["writer"], extra],
        )
        world["count"] += 1


@pytest.fixture
def world():
    writer = AuthorFactory(name="Writer", slug="writer")
    key = EntityFactory(name="Key", slug="key", aliases=["Key alias"])
    HubFactory(slug="hub", key_entities=[key])
    world = {"writer": writer, "count": 0}
    grow(world, 5)
    return world


@pytest.mark.parametrize(("url", "queries"), list(EXPECTED.items()))
def test_query_count_is_pinned_and_independent_of_list_length(
    client, world, url, queries, django_assert_num_queries
):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(1):  # the content token; the document comes from the cache
        assert client.get(url).status_code == 200
    grow(world, 12)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200

"""Every API operation runs a fixed number of queries, whatever the page size or list length."""

import pytest

from dossiers.search.indexing import index_rebuild
from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, HubFactory, make_comment

pytestmark = pytest.mark.django_db

# Queries on a cold cache; every operation first reads the content token (1 query).
EXPECTED = {
    "/api/v1/": 1,
    "/api/v1/hubs": 4,  # token, count, page, article counts
    "/api/v1/hubs/hub": 6,  # token, hub, key entities, aliases, span and count, also covers
    "/api/v1/hubs/hub/articles": 5,  # token, hub, count, page, bylines
    "/api/v1/articles": 4,  # token, count, page, bylines
    "/api/v1/articles?hub=hub&author=writer&entity=key": 7,  # + one per filter's slug
    "/api/v1/articles/anchor": 5,  # token, article, bylines, entities, hubs
    "/api/v1/articles/anchor/comments": 3,  # token, article, comments
    "/api/v1/authors": 4,  # token, count, page, article counts
    "/api/v1/authors/writer": 3,  # token, author, count
    "/api/v1/authors/writer/articles": 5,  # token, author, count, page, bylines
    "/api/v1/entities": 4,  # token, count, page, aliases
    "/api/v1/entities/key": 5,  # token, entity, aliases, hubs, count
    "/api/v1/entities/key/articles": 5,  # token, entity, count, page, bylines
}


def grow(world, n):
    """Add n more of everything a list might hold."""
    for _ in range(n):
        i = world["count"]
        extra = AuthorFactory()
        article = ArticleFactory(
            title=f"Key and Other piece {i}",
            body="Key matters. Other too.",
            authors=[world["writer"], extra],
        )
        make_comment(world["anchor"], body=f"comment {i}")
        make_comment(article)
        EntityFactory(name=f"Filler{i}", aliases=[f"Filler alias {i}"])
        HubFactory(key_entities=[world["other"]])
        world["count"] += 1


@pytest.fixture
def world():
    writer = AuthorFactory(name="Writer", slug="writer")
    key = EntityFactory(name="Key", slug="key", aliases=["Key alias", "KEY2"])
    other = EntityFactory(name="Other")
    anchor = ArticleFactory(title="Key anchor", slug="anchor", body="Key text.", authors=[writer])
    HubFactory(slug="hub", key_entities=[key, other])
    world = {"writer": writer, "other": other, "anchor": anchor, "count": 0}
    grow(world, 3)
    index_rebuild()  # the search index (on a live site it follows each save's commit)
    return world


@pytest.mark.parametrize(("url", "queries"), list(EXPECTED.items()))
def test_query_count_is_pinned_and_independent_of_page_size(
    client, world, url, queries, django_assert_num_queries
):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(1):  # cached: the token only
        assert client.get(url).status_code == 200
    grow(world, 12)  # a write: every cached answer is stale, and every list longer
    separator = "&" if "?" in url else "?"
    for size in (2, 100):
        with django_assert_num_queries(queries):
            response = client.get(f"{url}{separator}page_size={size}")
            assert response.status_code == 200
        if "results" in response.json():
            assert len(response.json()["results"]) == min(size, response.json()["count"]) > 1


# Search, on a warm name matcher (each process builds it once per knowledge-base change:
# 4 queries). Plain: token, knowledge-base version, the ranked window, snippets, cards,
# bylines. Naming an entity adds the entity, its aliases, its hubs, the words as typed
# and the articles about it. PostgreSQL, inside a test's transaction, also sends the
# savepoint statements the search runs in (a request in autocommit does not).
SEARCHES = {
    "/api/v1/search?q=piece": {"sqlite": 6, "postgresql": 11},
    "/api/v1/search?q=Key": {"sqlite": 11, "postgresql": 15},
}


@pytest.mark.parametrize("url", list(SEARCHES))
def test_search_query_count_is_pinned_and_independent_of_page_size(
    client, world, url, django_assert_num_queries
):
    from django.db import connection

    from dossiers.knowledge.linking import matcher_current

    expected = SEARCHES[url][connection.vendor]
    matcher_current()
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(1):  # cached: the token only
        assert client.get(url).status_code == 200
    grow(world, 12)
    index_rebuild()
    matcher_current()
    for size in (2, 100):
        with django_assert_num_queries(expected):
            response = client.get(f"{url}&page_size={size}")
            assert response.status_code == 200
        assert len(response.json()["results"]) == min(size, response.json()["count"]) > 1

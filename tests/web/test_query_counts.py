"""Public pages run a fixed number of queries, however many items they list."""

import pytest

from dossiers.related.bulk import related_rebuild
from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, HubFactory, make_comment

pytestmark = pytest.mark.django_db

# Queries on a cold cache; every page first reads the content token (1 query).
EXPECTED = {
    # token, hub, key entities, aliases, overview figures, covered entities, cards, bylines,
    # related hubs (shared analyses, shared key entities, their sizes, their names)
    "/topics/hub/": 12,
    "/topics/hub/?page=2": 12,
    # token, article, byline, hubs, entities, related analyses, their bylines, comments
    "/analysis/anchor/": 8,
    "/authors/writer/": 5,  # token, author, count, cards, bylines
    "/entities/key/": 7,  # token, entity, aliases, count, hubs, cards, bylines
    "/glossary/": 3,
    "/topics/": 3,
    "/": 5,
}
# Queries once the page (or, for articles, the fragments) is cached.
WARM = {"/analysis/anchor/": 2}  # token, article (the comment form is per reader)


def grow(world, n):
    """Add n more of everything a page might list."""
    for i in range(n):
        extra = AuthorFactory()
        article = ArticleFactory(
            title=f"Key and Other{i % 3} piece {world['count']}",
            body="Key matters. Other0 too.",
            authors=[world["writer"], extra],
        )
        make_comment(world["anchor"], body=f"comment {world['count']}")
        make_comment(article)
        EntityFactory(name=f"Filler{world['count']}", aliases=[f"Filler alias {world['count']}"])
        HubFactory(key_entities=[world["other"]])
        world["count"] += 1
    related_rebuild()  # what the background job does after the writes: related lists grow too


@pytest.fixture
def world():
    writer = AuthorFactory(name="Writer", slug="writer")
    key = EntityFactory(name="Key", slug="key", aliases=["Key alias", "KEY2"])
    other = EntityFactory(name="Other0")
    EntityFactory(name="Other1")
    EntityFactory(name="Other2")
    anchor = ArticleFactory(title="Key anchor", slug="anchor", body="Key text.", authors=[writer])
    HubFactory(slug="hub", key_entities=[key, other])
    world = {"writer": writer, "key": key, "other": other, "anchor": anchor, "count": 0}
    grow(world, 11)
    return world


@pytest.mark.parametrize(("url", "queries"), list(EXPECTED.items()))
def test_query_count_is_pinned_and_independent_of_list_length(
    client, world, url, queries, django_assert_num_queries
):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(WARM.get(url, 1)):
        assert client.get(url).status_code == 200
    grow(world, 12)  # a write: every cached page is stale
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_a_reply_link_costs_one_query(client, world, django_assert_num_queries):
    comment = make_comment(world["anchor"])
    with django_assert_num_queries(EXPECTED["/analysis/anchor/"] + 1):
        client.get(f"/analysis/anchor/?reply={comment.pk}")


def test_the_pinned_pages_list_related_analyses_and_hubs(client, world):
    from tests.conftest import parse_html

    article = parse_html(client.get("/analysis/anchor/"))
    assert len(article.css(".related .card")) == 5
    hub = parse_html(client.get("/topics/hub/"))
    assert len(hub.css(".related-hubs li")) == 5

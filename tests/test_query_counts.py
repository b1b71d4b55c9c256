"""Every public page, feed and API answer runs a fixed number of queries, whatever it lists.

One harness for the three adapters: the count on a cold cache, on a warm one, and
again after the site has grown (every list longer, every cached answer stale).
Every answer first reads the content token (1 query).
"""

import pytest
from django.db import connection

from dossiers.knowledge.linking import matcher_current
from dossiers.publishing.selectors import footer_links
from dossiers.publishing.services import page_write
from dossiers.related.bulk import related_rebuild
from dossiers.search.indexing import index_rebuild
from tests.conftest import parse_html
from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, HubFactory, make_comment

pytestmark = pytest.mark.django_db

PAGES = {
    # token, hub, key entities, aliases, overview figures, covered entities, cards, bylines,
    # related hubs (shared analyses, shared key entities, their sizes, their names), and on
    # page 1 the analyses per month (the timeline, shown on page 1 only)
    "/topics/hub/": 13,
    "/topics/hub/page/2/": 12,
    # token, article, byline, hubs, entities, related analyses, their bylines, comments
    "/analysis/anchor/": 8,
    "/authors/writer/": 5,  # token, author, count, cards, bylines
    "/entities/key/": 7,  # token, entity, aliases, count, hubs, cards, bylines
    "/glossary/": 3,
    "/topics/": 3,
    "/": 6,  # token, sticky analyses, newest others, bylines, hubs, their counts
}
FEEDS = {
    "/rss.xml": 4,  # token, entries, bylines, hubs of the entries
    "/topics/hub/atom.xml": 5,  # token, hub, entries, bylines, hubs
    "/authors/writer/feed.json": 5,  # token, author, entries, bylines, hubs
    "/entities/key/rss.xml": 6,  # token, entity, aliases, entries, bylines, hubs
    # token, 4 × (section non-empty?, page count, latest lastmod), standing pages non-empty?
    "/sitemap.xml": 14,
    "/sitemap-articles.xml": 8,  # token, 5 sections non-empty?, count, page
}
API = {
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
# Search, on a warm name matcher (each process builds it once per knowledge-base change).
# Plain: token, knowledge-base version, the ranked window, snippets, cards, bylines.
# Naming an entity adds the entity, its aliases, its hubs, the words as typed and the
# articles about it. PostgreSQL, inside a test's transaction, also sends the savepoint
# statements the search runs in (a request in autocommit does not).
SEARCHES = {
    "/api/v1/search?q=piece": {"sqlite": 6, "postgresql": 11},
    "/api/v1/search?q=Key": {"sqlite": 11, "postgresql": 15},
}
# Queries once the answer is cached: the token, except where a part is per reader
# (an article page caches fragments around the comment form).
WARM = {"/analysis/anchor/": 2}


def grow(world, n):
    """Add n more of everything a page might list, and run what follows a save's commit."""
    for _ in range(n):
        i = world["count"]
        extra = AuthorFactory()
        article = ArticleFactory(
            title=f"Key and Other{i % 3} piece {i}",
            body="Key matters. Other0 too.",
            authors=[world["writer"], extra],
        )
        make_comment(world["anchor"], body=f"comment {i}")
        make_comment(article)
        EntityFactory(name=f"Filler{i}", aliases=[f"Filler alias {i}"])
        HubFactory(key_entities=[world["other"]])
        world["count"] += 1
    related_rebuild()
    index_rebuild()
    matcher_current()


@pytest.fixture
def world():
    writer = AuthorFactory(name="Writer", slug="writer")
    key = EntityFactory(name="Key", slug="key", aliases=["Key alias", "KEY2"])
    other = EntityFactory(name="Other0")
    EntityFactory(name="Other1")
    EntityFactory(name="Other2")
    anchor = ArticleFactory(title="Key anchor", slug="anchor", body="Key text.", authors=[writer])
    HubFactory(slug="hub", key_entities=[key, other])
    world = {"writer": writer, "other": other, "anchor": anchor, "count": 0}
    grow(world, 11)
    # The footer's standing pages are read once and kept in the cache until one is edited
    # (test_the_footer_costs_a_query_only_when_a_standing_page_changed); pages are pinned warm.
    footer_links()
    return world


def assert_pinned(client, world, url, cold, assert_queries, *, variants=("",)):
    """`cold` queries before caching, the warm count after, `cold` again once the site grew."""
    with assert_queries(cold):
        assert client.get(url).status_code == 200
    with assert_queries(WARM.get(url, 1)):
        assert client.get(url).status_code == 200
    grow(world, 12)
    for variant in variants:
        with assert_queries(cold):
            response = client.get(url + variant)
            assert response.status_code == 200
        yield variant, response


@pytest.mark.parametrize(("url", "queries"), [*PAGES.items(), *FEEDS.items()])
def test_pages_and_feeds_run_a_pinned_number_of_queries(
    client, world, url, queries, django_assert_num_queries
):
    list(assert_pinned(client, world, url, queries, django_assert_num_queries))


@pytest.mark.parametrize(
    ("url", "queries"),
    [*API.items(), *((url, by_vendor[connection.vendor]) for url, by_vendor in SEARCHES.items())],
)
def test_api_answers_run_a_pinned_number_of_queries_whatever_the_page_size(
    client, world, url, queries, django_assert_num_queries
):
    separator = "&" if "?" in url else "?"
    sizes = [f"{separator}page_size={size}" for size in (2, 100)]
    for variant, response in assert_pinned(
        client, world, url, queries, django_assert_num_queries, variants=sizes
    ):
        body = response.json()
        if "results" in body:
            size = int(variant.rsplit("=", 1)[1])
            assert len(body["results"]) == min(size, body["count"]) > 1


def test_a_reply_link_costs_one_query(client, world, django_assert_num_queries):
    comment = make_comment(world["anchor"])
    with django_assert_num_queries(PAGES["/analysis/anchor/"] + 1):
        client.get(f"/analysis/anchor/?reply={comment.pk}")


def test_the_pinned_pages_list_related_analyses_and_hubs(client, world):
    article = parse_html(client.get("/analysis/anchor/"))
    assert len(article.css(".related .card")) == 5
    hub = parse_html(client.get("/topics/hub/"))
    assert len(hub.css(".related-hubs li")) == 5


def test_the_footer_costs_a_query_only_when_a_standing_page_changed(
    world, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_assert_num_queries(0):
        assert footer_links() == []
    with django_capture_on_commit_callbacks(execute=True):
        page_write(title="About", slug="about", body="Who we are.")
    with django_assert_num_queries(1):
        assert [link.url for link in footer_links()] == ["/about/"]
    with django_assert_num_queries(0):
        footer_links()

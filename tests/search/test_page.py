"""The search page, as readers (and strangers) use it."""

import datetime as dt

import pytest
from django.utils import timezone

from dossiers.publishing.selectors import footer_links
from dossiers.search.indexing import index_rebuild
from tests.conftest import executable_scripts, parse_html
from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, HubFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    """A hub about EU defense integration (alias "strategic autonomy"), and articles."""
    autonomy = EntityFactory(
        name="EU defense integration",
        slug="eu-defense-integration",
        definition="Europe building military capability of its own.",
        aliases=["strategic autonomy", "European defence union"],
    )
    other = EntityFactory(name="Black Sea", slug="black-sea")
    hub = HubFactory(name="European defence", slug="european-defence", key_entities=[autonomy])
    HubFactory(name="Black Sea security", slug="black-sea-security", key_entities=[other])
    mira = AuthorFactory(name="Mira Kovač", slug="mira")
    dan = AuthorFactory(name="Dan Okafor", slug="dan")
    start = timezone.now() - dt.timedelta(days=400)
    words = ArticleFactory(
        title="The limits of strategic autonomy",
        body="Strategic autonomy is an old idea. <script>alert('x')</script> & more.",
        authors=[mira],
        published_at=start,
    )
    other_name = ArticleFactory(
        title="A budget for the defence union",
        body="The European defence union needs money more than speeches.",
        authors=[dan],
        published_at=start + dt.timedelta(days=100),
    )
    ArticleFactory(
        title="Black Sea mines",
        body="Mines in the Black Sea.",
        authors=[dan],
        published_at=start + dt.timedelta(days=200),
    )
    for n in range(12):
        ArticleFactory(
            title=f"Drone note {n}",
            body=f"Drones and jamming, note {n}. The Black Sea again.",
            authors=[mira if n % 2 else dan],
            published_at=start + dt.timedelta(days=250 + n),
        )
    index_rebuild()
    footer_links()  # read once per process and cached (tests/test_query_counts.py)
    return {"words": words, "other_name": other_name, "hub": hub}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, parse_html(response)


def result_titles(page):
    return [node.text(strip=True) for node in page.css(".search-results .card-title a")]


def test_results_have_cards_with_highlighted_escaped_snippets(client, site):
    _, page = get(client, "/search/?q=strategic+autonomy")
    titles = result_titles(page)
    assert titles[0] == "The limits of strategic autonomy"
    card = page.css(".search-results .card")[0]
    assert card.css_first(".card-byline a").text() == "Mira Kovač"
    assert card.css_first("time").attributes["datetime"]
    assert card.css_first(".card-comments").text() == "0 Comments"
    snippet = card.css_first(".card-snippet")
    assert [mark.text() for mark in snippet.css("mark")]
    assert executable_scripts(page) == []
    assert "&lt;script&gt;" in snippet.html or "script" not in snippet.text()


def test_the_named_entity_comes_first_and_its_other_names_find_articles(client, site):
    _, page = get(client, "/search/?q=strategic+autonomy")
    block = page.css_first(".search-entities")
    link = block.css_first("h2 a")
    assert link.text() == "EU defense integration"
    assert link.attributes["href"] == "/entities/eu-defense-integration/"
    assert "military capability" in block.css_first(".definition").text()
    assert "European defence union" in block.css_first(".aliases").text()
    assert (
        block.css_first(".search-entity-hubs a").attributes["href"] == "/topics/european-defence/"
    )
    # "A budget for the defence union" never says "strategic autonomy".
    assert "A budget for the defence union" in result_titles(page)


def test_the_diacritics_and_case_of_a_name_do_not_matter(client, site):
    EntityFactory(name="Turkey", slug="turkey", aliases=["Türkiye"])
    ArticleFactory(title="Ankara's drones", body="Türkiye builds drones.")
    index_rebuild()
    _, page = get(client, "/search/?q=turkiye")
    assert page.css_first(".search-entities h2 a").text() == "Turkey"
    assert "Ankara's drones" in result_titles(page)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hub=european-defence", ["A budget for the defence union"]),
        ("author=dan", ["A budget for the defence union"]),
        ("entity=eu-defense-integration", ["A budget for the defence union"]),
        (
            "to=" + (timezone.now() - dt.timedelta(days=350)).date().isoformat(),
            ["The limits of strategic autonomy"],
        ),
    ],
)
def test_filters_narrow_the_results_and_show_in_the_form(client, site, query, expected):
    # "union" is in both the hub's and the filtered article's words; the hub collects
    # articles about its key entity.
    _, page = get(client, f"/search/?q=defence+union+OR+autonomy&{query}")
    _, page = get(client, f"/search/?q=union&{query}")
    name, value = query.split("=")
    field = {
        "hub": "#search-hub",
        "author": "#search-author",
        "entity": "#search-entity",
        "to": "#search-to",
    }[name]
    node = page.css_first(field)
    if node.tag == "select":
        assert node.css_first("option[selected]").attributes["value"] == value
    else:  # an ISO date in the address shows as the site writes dates (en-GB, day first)
        assert node.attributes["value"] == dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    titles = result_titles(page)
    assert all(title in expected for title in titles)


def test_dates_are_read_as_the_site_writes_them(client, site):
    cutoff = timezone.now() - dt.timedelta(days=350)
    _, iso = get(client, f"/search/?q=union&to={cutoff.date().isoformat()}")
    _, british = get(client, f"/search/?q=union&to={cutoff:%d/%m/%Y}")
    assert result_titles(british) == result_titles(iso)
    assert "(e.g. 31/01/2025)" in british.css_first("label[for=search-to]").text()
    _, wrong = get(client, "/search/?q=union&to=12/31/2025")
    assert wrong.css_first("#search-to").attributes["value"] == "12/31/2025"
    assert "write it as 31/01/2025" in wrong.text()


def test_date_range_from(client, site):
    since = (timezone.now() - dt.timedelta(days=160)).date().isoformat()
    _, page = get(client, f"/search/?q=drones&from={since}")
    assert 0 < len(page.css(".search-results .card")) <= 10
    _, page = get(client, f"/search/?q=autonomy&from={since}")
    assert result_titles(page) == []


@pytest.mark.parametrize(
    "query",
    [
        "hub=nowhere",
        "author=nobody",
        "entity=nothing",
        "from=2025-02-30",
        "to=yesterday",
        "hub=a%20b",
        "from=2025-05-01&to=2025-01-01",
        "hub=a%00b",
    ],
)
def test_invalid_filters_get_a_clear_message(client, site, query):
    _, page = get(client, f"/search/?q=drones&{query}")
    message = page.css_first(".search-message").text()
    assert message and ("no" in message.lower() or "date" in message.lower())
    assert result_titles(page) == []


def test_pages_of_results_like_the_hub_pages(client, site):
    _, first = get(client, "/search/?q=jamming")
    assert len(result_titles(first)) == 10
    assert "12 analyses" in first.css_first(".search-count").text()
    next_link = first.css_first(".pagination a[rel=next]").attributes["href"]
    assert next_link == "?q=jamming&page=2"
    _, second = get(client, "/search/" + next_link)
    assert len(result_titles(second)) == 2
    assert second.css_first("ol.card-list").attributes["start"] == "11"
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    assert client.get("/search/?q=jamming&page=3").status_code == 404
    assert client.get("/search/?q=jamming&page=x").status_code == 404


ODD = [
    "",
    "   ",
    "!!! ??? ...",
    "x" * 10_000,
    '"strategic autonomy',
    "'\" OR 1=1 --",
    "NEAR(",
    "title:",
    "*",
    "^",
    "a\x00b",
    "%00",
    "drones AND OR NOT",
    "(((",
    "\\",
    "💥",
]


@pytest.mark.parametrize("query", ODD)
def test_odd_queries_get_a_page_never_an_error(client, site, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    page = parse_html(response)
    message = page.css_first(".search-message")
    results = page.css_first(".search-results")
    assert message is not None or results is not None
    if query == "x" * 10_000:
        assert "10,000 characters" in message.text()


def test_the_page_is_noindex_and_not_in_the_sitemap(client, site):
    response, page = get(client, "/search/?q=drones")
    assert response["X-Robots-Tag"] == "noindex"
    assert page.css_first('meta[name="robots"]').attributes["content"] == "noindex"
    cached = client.get("/search/?q=drones")
    assert cached["X-Robots-Tag"] == "noindex"
    sections = [client.get(f"/sitemap-{part}.xml") for part in ("articles", "hubs", "authors")]
    sitemap = client.get("/sitemap.xml").content.decode() + "".join(
        s.content.decode()
        for s in sections
        if s.status_code == 200  # an empty one is a 404
    )
    assert "/search/" not in sitemap


@pytest.mark.parametrize("url", ["/", "/topics/", "/topics/european-defence/", "/glossary/"])
def test_every_page_has_the_search_box(client, site, url):
    _, page = get(client, url)
    form = page.css_first("header form.site-search")
    assert form.attributes["action"] == "/search/" and form.attributes["method"] == "get"
    assert form.css_first("input[name=q]") is not None


def test_the_search_box_keeps_the_query(client, site):
    _, page = get(client, "/search/?q=drones")
    assert page.css_first("#site-search-q").attributes["value"] == "drones"
    assert page.css_first("#search-q").attributes["value"] == "drones"


# token, knowledge-base version, window, snippets, cards, bylines, hubs and authors lists;
# on PostgreSQL also the planner's estimate and the window's cutoff (and, in a test's
# transaction, the savepoint the search runs in: SAVEPOINT, ROLLBACK TO and RELEASE,
# which a request, in autocommit, does not send)
PLAIN_QUERIES = {"sqlite": 8, "postgresql": 13}
# ... and the entity's names and aliases, its hubs, the articles about it (`also`); on
# SQLite also the phrases (its names) and the words as typed, checked on the window by
# two more FTS queries (PostgreSQL does both in the window's statement)
NAMED_QUERIES = {"sqlite": 14, "postgresql": 17}


def grow(n):
    for i in range(n):
        ArticleFactory(
            title=f"Jamming grows {i}",
            body="Jamming and EU defense integration.",
            authors=[AuthorFactory()],
        )
    index_rebuild()


def test_query_count_is_pinned_and_independent_of_results(client, site, django_assert_num_queries):
    from django.db import connection

    for url, expected in (
        ("/search/?q=jamming", PLAIN_QUERIES[connection.vendor]),
        ("/search/?q=strategic+autonomy", NAMED_QUERIES[connection.vendor]),
    ):
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(1):  # cached under the content token
            assert client.get(url).status_code == 200
        grow(12)  # more results, more authors: the page is stale and costs the same
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200


def test_an_unsearchable_query_costs_only_the_form(client, site, django_assert_num_queries):
    with django_assert_num_queries(3):  # token, hubs and authors lists
        assert client.get("/search/?q=***").status_code == 200

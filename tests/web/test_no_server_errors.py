"""No value a stranger can put in a query parameter or a form field answers 500.

Hypothesis throws generated values (any text, numbers in other scripts, huge
numbers, control characters) at every parameter every public view and API
operation reads, and at every field of the comment form. The test client
re-raises a view's exception, so an unhandled error fails with its traceback.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, HubFactory, make_comment

pytestmark = pytest.mark.django_db

# Values that broke or could break a naive parser: digits that `isdigit()` accepts and
# `int()` refuses, numbers past any database integer, signs, exponents, NUL, paths.
NASTY = [
    "²",
    "٣",
    "¹²",
    "9" * 30,
    "-1",
    "0",
    "1e999",
    "1.5",
    " 1",
    "\x00",
    "%",
    "../../etc/passwd",
    "<script>",
    "2021-02-29",
    "9999-12-31",
    "0000-00-00",
    "",
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=60),
    st.integers().map(str),
)

ROUTES = {
    "/": (),
    "/topics/": (),
    "/topics/hub/": ("page",),
    "/analysis/anchor/": ("reply", "held"),
    "/authors/writer/": ("page",),
    "/entities/key/": ("page",),
    "/glossary/": ("page",),
    "/search/": ("q", "hub", "author", "entity", "from", "to", "page"),
    "/sitemap.xml": ("p",),
    "/sitemap-articles.xml": ("p",),
    "/rss.xml": (),
    "/api/v1/hubs": ("page", "page_size"),
    "/api/v1/hubs/hub/articles": ("page", "page_size"),
    "/api/v1/articles": ("page", "page_size", "hub", "author", "entity", "date_from", "date_to"),
    "/api/v1/entities": ("page", "page_size"),
    "/api/v1/search": ("q", "page", "page_size", "hub", "author", "entity", "date_from"),
}
QUERIES = [(path, name) for path, names in ROUTES.items() for name in names]


@pytest.fixture
def site(db):
    writer = AuthorFactory(name="Writer", slug="writer")
    key = EntityFactory(name="Key", slug="key", aliases=["KEY"])
    anchor = ArticleFactory(title="Key anchor", slug="anchor", body="Key text.", authors=[writer])
    for i in range(3):
        ArticleFactory(title=f"Key piece {i}", body="Key matters.", authors=[writer])
    HubFactory(slug="hub", key_entities=[key])
    make_comment(anchor, body="A first comment.")
    return anchor


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize(("path", "name"), QUERIES)
def test_any_value_of_any_parameter_is_answered_without_a_server_error(client, site, path, name):
    @FUZZ
    @given(value=values)
    def check(value):
        response = client.get(path, {name: value})
        assert response.status_code < 500, (path, name, value)

    check()


@FUZZ
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={
            field: values
            for field in ("name", "email", "url", "body", "parent", "website", "ticket")
        },
    )
)
def test_any_comment_form_is_answered_without_a_server_error(client, site, fields):
    response = client.post("/analysis/anchor/comments/", fields)
    assert response.status_code < 500, fields


@pytest.mark.parametrize("path", ["/search/", "/api/v1/search"])
def test_an_address_past_the_limit_gets_the_sites_own_414(client, db, path):
    response = client.get(path, {"q": "é" * 50_000})
    assert response.status_code == 414
    assert "262,144" in response.content.decode()
    if path.startswith("/api/"):
        assert response.json()["detail"].startswith("This address is")
    else:
        assert "Address too long" in response.content.decode()

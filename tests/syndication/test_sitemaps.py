"""Sitemaps validated against the sitemaps.org schemas; thin hubs are noindex and left out;
robots.txt points to the index; the index splits at the URL limit."""

import re

import pytest
from lxml import etree

from dossiers.hubs.models import Hub
from dossiers.publishing.models import Article
from tests.conftest import parse_html
from tests.factories import ArticleFactory, EntityFactory, HubFactory

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def schemas(fixtures_dir):
    folder = fixtures_dir / "sitemaps"
    return (
        etree.XMLSchema(etree.parse(str(folder / "siteindex.xsd"))),
        etree.XMLSchema(etree.parse(str(folder / "sitemap.xsd"))),
    )


def fetch_all(client, schemas):
    """Every sitemap of the index, each validated; returns {section: [paths]}."""
    index_schema, sitemap_schema = schemas
    index = etree.fromstring(client.get("/sitemap.xml").content)
    index_schema.assertValid(index)
    found: dict[str, list[str]] = {}
    for loc in index.findall("s:sitemap/s:loc", NS):
        path = loc.text.removeprefix("http://testserver")
        document = etree.fromstring(client.get(path).content)
        sitemap_schema.assertValid(document)
        name = path.removeprefix("/sitemap-").removesuffix(".xml")
        section = re.sub(r"-[0-9]+$", "", name)  # sitemap-articles-2.xml: page 2
        urls = [
            u.removeprefix("http://testserver")
            for u in document.xpath("s:url/s:loc/text()", namespaces=NS)
        ]
        if section == "articles":  # every article carries its last change
            lastmods = document.xpath("s:url/s:lastmod/text()", namespaces=NS)
            assert len(lastmods) == len(urls) and all(lastmods)
        found.setdefault(section, []).extend(urls)
    return found


def test_every_demo_sitemap_is_valid_and_complete(client, demo, schemas, settings):
    found = fetch_all(client, schemas)
    assert set(found) == {"articles", "hubs", "authors", "entities", "pages"}
    visible = Article.objects.visible()
    assert sorted(found["articles"]) == sorted(a.get_absolute_url() for a in visible)
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots and "Disallow: /admin/" in robots


def test_thin_hubs_are_noindex_and_not_in_the_sitemap(client, db, schemas):
    key = EntityFactory(name="Keyword")
    for i in range(2):
        ArticleFactory(title=f"Keyword piece {i}", body="Keyword here.")
    thin = HubFactory(slug="thin", key_entities=[key])
    empty = HubFactory(slug="empty", key_entities=[EntityFactory(name="Nothing")])
    found = fetch_all(client, schemas)
    assert found.get("hubs", []) == []
    page = parse_html(client.get(thin.get_absolute_url()))
    assert page.css_first("meta[name=robots]").attributes["content"] == "noindex, follow"
    assert parse_html(client.get(empty.get_absolute_url())).css_first("meta[name=robots]")
    ArticleFactory(title="Keyword piece 3", body="Keyword again.")
    assert fetch_all(client, schemas)["hubs"] == [thin.get_absolute_url()]
    assert parse_html(client.get(thin.get_absolute_url())).css_first("meta[name=robots]") is None
    assert Hub.objects.count() == 2


def test_sitemaps_split_at_the_url_limit(client, db, schemas, settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "SITEMAP_LIMIT": 4}
    for i in range(10):
        ArticleFactory(title=f"Piece {i}")
    index = etree.fromstring(client.get("/sitemap.xml").content)
    pages = [loc.text for loc in index.findall("s:sitemap/s:loc", NS) if "articles" in loc.text]
    # Pages of a section are files a static export can hold, not `?p=N`.
    assert len(pages) == 3 and pages[1].endswith("/sitemap-articles-2.xml")
    found = fetch_all(client, schemas)
    assert len(found["articles"]) == 10 == len(set(found["articles"]))
    old = client.get("/sitemap-articles.xml?p=3")
    assert (old.status_code, old["Location"]) == (301, "/sitemap-articles-3.xml")
    assert client.get("/sitemap-articles-1.xml")["Location"] == "/sitemap-articles.xml"
    for bad in ("/sitemap-articles-4.xml", "/sitemap-articles-0.xml", "/sitemap-articles.xml?p=x"):
        assert client.get(bad).status_code == 404


def test_the_index_and_its_sections_are_on_the_site_url(client, db, settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "SITE_URL": "https://analysis.example.org"}
    ArticleFactory(title="Anywhere", slug="anywhere")
    index = etree.fromstring(client.get("/sitemap.xml").content)
    locations = index.xpath("s:sitemap/s:loc/text()", namespaces=NS)
    assert locations and all(
        loc.startswith("https://analysis.example.org/sitemap-") for loc in locations
    )
    section = etree.fromstring(client.get("/sitemap-articles.xml").content)
    assert section.xpath("s:url/s:loc/text()", namespaces=NS) == [
        "https://analysis.example.org/analysis/anywhere/"
    ]

"""JSON-LD on every public page, read back as a consumer does: extracted from the HTML and
expanded with pyld (the schema.org context served locally: no network)."""

import json

import pytest
from pyld import jsonld

from dossiers.hubs.models import Hub
from dossiers.publishing.models import Article, Author
from dossiers.syndication.jsonld import script_text
from tests.conftest import parse_html
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
S = "https://schema.org/"
LOCAL_CONTEXT = {
    "@context": {
        "@vocab": S,
        "sameAs": {"@id": f"{S}sameAs", "@type": "@id"},
        "url": {"@id": f"{S}url", "@type": "@id"},
    }
}


def loader(url, options=None):
    assert url.rstrip("/") == "https://schema.org", f"no network: {url}"
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": LOCAL_CONTEXT,
    }


def structured(client, url):
    page = parse_html(client.get(url))
    scripts = page.css('script[type="application/ld+json"]')
    assert len(scripts) == 1, url
    data = json.loads(scripts[0].text())
    expanded = jsonld.expand(data, {"documentLoader": loader})
    nodes = {}
    for node in expanded:
        for kind in node.get("@type", []):
            nodes.setdefault(kind.removeprefix(S), []).append(node)
    return data, nodes, page


def values(node, name):
    return [v.get("@value", v.get("@id")) for v in node.get(S + name, [])]


def test_every_page_type_has_its_structured_data(client, demo):
    hub = Hub.objects.get(slug="turkey-nato")
    article = Article.objects.visible().filter(comment_count__gt=0).first()
    author = Author.objects.first()
    pages = {
        "/": "WebSite",
        "/topics/": "CollectionPage",
        hub.get_absolute_url(): "CollectionPage",
        article.get_absolute_url(): "AnalysisNewsArticle",
        author.get_absolute_url(): "ProfilePage",
        hub.key_entities.first().get_absolute_url(): "WebPage",
        "/glossary/": "DefinedTermSet",
    }
    for url, kind in pages.items():
        _data, nodes, page = structured(client, url)
        assert kind in nodes, url
        assert "BreadcrumbList" in nodes, url
        crumbs = nodes["BreadcrumbList"][0][S + "itemListElement"]
        assert values(crumbs[0], "position") == [1]
        assert page.css_first('meta[property="og:title"]').attributes["content"]
        assert page.css_first('meta[name="twitter:card"]')
        canonical = page.css_first('link[rel="canonical"]').attributes["href"]
        assert canonical.startswith("http://testserver/")


def test_a_hub_lists_its_articles_and_key_entities(client, demo, settings):
    hub = Hub.objects.get(slug="turkey-nato")
    _data, nodes, page = structured(client, hub.get_absolute_url())
    node = nodes["CollectionPage"][0]
    assert values(node, "name") == [hub.title]
    items = node[S + "mainEntity"][0][S + "itemListElement"]
    assert [values(i, "position")[0] for i in items] == list(range(1, len(items) + 1))
    about = node[S + "about"]
    assert all(S + "DefinedTerm" in term["@type"] for term in about)
    named = {values(t, "name")[0]: t for t in about}
    assert any(values(t, "alternateName") for t in about)
    assert any(values(t, "sameAs") for t in about)
    assert set(named) == {e.name for e in hub.key_entities.all()}
    feeds = [link.attributes["href"] for link in page.css('link[rel="alternate"]')]
    assert "http://testserver/topics/turkey-nato/rss.xml" in feeds
    second = structured(client, hub.get_absolute_url() + "page/2/")[1]["CollectionPage"][0]
    positions = [
        values(i, "position")[0] for i in second[S + "mainEntity"][0][S + "itemListElement"]
    ]
    size = settings.DOSSIERS["PAGE_SIZE"]
    assert positions[0] == size + 1  # positions continue across pages


def test_an_article_says_what_it_is_about_and_who_wrote_it(client, demo):
    article = Article.objects.visible().filter(comment_count__gt=0).first()
    _data, nodes, page = structured(client, article.get_absolute_url())
    node = nodes["AnalysisNewsArticle"][0]
    assert values(node, "headline") == [article.title[:110]]
    assert values(node, "commentCount") == [article.comment_count]
    assert values(node, "datePublished")[0].startswith(article.published_at.date().isoformat())
    assert values(node, "dateModified")
    people = node[S + "author"]
    assert {values(p, "name")[0] for p in people} == {a.name for a in article.authors.all()}
    assert all(S + "Person" in p["@type"] for p in people)
    assert node[S + "publisher"][0]["@type"] == [S + "Organization"]
    assert node.get(S + "about") or node.get(S + "mentions")
    assert page.css_first('meta[property="og:type"]').attributes["content"] == "article"


def test_an_image_is_given_when_the_article_has_one(client, db):
    article = ArticleFactory(title="Pictured", body="![A ship](https://img.example.org/ship.jpg)")
    _data, nodes, page = structured(client, article.get_absolute_url())
    assert values(nodes["AnalysisNewsArticle"][0], "image") == ["https://img.example.org/ship.jpg"]
    assert page.css_first('meta[property="og:image"]').attributes["content"].endswith("ship.jpg")
    assert page.css_first('meta[name="twitter:card"]').attributes["content"] == (
        "summary_large_image"
    )


def test_json_ld_cannot_end_its_script_element(client, db):
    text = script_text({"name": "</script><script>alert(1)</script> <!-- \u2028"})
    assert "</" not in text and "<!--" not in text and "\u2028" not in text
    assert json.loads(text)["name"].startswith("</script>")
    article = ArticleFactory(title="Evil </script><script>alert(1)</script>")
    page = parse_html(client.get(article.get_absolute_url()))
    data = json.loads(page.css_first('script[type="application/ld+json"]').text())
    headlines = [node["headline"] for node in data["@graph"] if "headline" in node]
    assert headlines and headlines[0].startswith("Evil </script>")


def test_pages_follow_schema_orgs_vocabulary(client, demo):
    """The breadcrumb is the WebPage's, every page is part of the site and in its language,
    the publisher has a logo, and entities the knowledge base types are typed for it."""
    article = Article.objects.visible().first()
    _data, nodes, _page = structured(client, article.get_absolute_url())
    page, story = nodes["WebPage"][0], nodes["AnalysisNewsArticle"][0]
    assert values(page, "breadcrumb") == [f"{page['@id']}#breadcrumb"]
    assert values(page, "isPartOf") == ["http://testserver/#website"]
    assert values(story, "mainEntityOfPage") == [page["@id"]]
    assert S + "breadcrumb" not in story
    assert values(story, "inLanguage") == ["en-GB"]
    publisher = story[S + "publisher"][0]
    assert values(publisher[S + "logo"][0], "url")[0].endswith(".svg")
    for url in ("/", "/topics/", "/topics/turkey-nato/", "/glossary/"):
        _data, nodes, _page = structured(client, url)
        pages = [n for kind in ("WebPage", "CollectionPage") for n in nodes.get(kind, [])]
        assert pages and all(values(n, "inLanguage") == ["en-GB"] for n in pages), url
        assert all(values(n, "isPartOf") for n in pages), url
    _data, nodes, _page = structured(client, "/entities/turkey/")
    term = nodes["WebPage"][0][S + "mainEntity"][0]
    assert set(term["@type"]) == {S + "DefinedTerm", S + "Country"}

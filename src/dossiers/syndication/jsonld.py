"""schema.org structured data (JSON-LD) for every public page. Pure functions on plain data.

Each page gets one `@graph`: the page node (CollectionPage, NewsArticle,
ProfilePage, DefinedTerm…) and its BreadcrumbList. Callers pass absolute URLs.
`script_text` makes the JSON safe inside `<script type="application/ld+json">`
(which is data: the pages' Content-Security-Policy runs no script at all).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

CONTEXT = "https://schema.org"
JsonLd = dict[str, Any]
# The knowledge base's entity types that schema.org names; an entity of one of these is
# both a DefinedTerm of the glossary and the thing itself.
SCHEMA_TYPES = {
    "country": "Country",
    "person": "Person",
    "organisation": "Organization",
    "company": "Corporation",
    "place": "Place",
    "event": "Event",
    "treaty": "Legislation",
}


@dataclass(frozen=True)
class Term:
    """An entity as structured data: a DefinedTerm with its other names and sameAs links."""

    name: str
    url: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    kind: str = ""  # the knowledge base's type: "country", "person"…


@dataclass(frozen=True)
class Person:
    name: str
    url: str
    description: str = ""
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class Listed:
    """An item of a list page."""

    name: str
    url: str
    date: dt.datetime | None = None
    authors: tuple[Person, ...] = field(default_factory=tuple)


def breadcrumbs(trail: Sequence[tuple[str, str]], *, page: str = "") -> JsonLd:
    """BreadcrumbList from (name, absolute URL) pairs, home first; `page` is the URL of the
    page it belongs to when that is not the last step (page 2 of a list)."""
    return {
        "@type": "BreadcrumbList",
        "@id": f"{page or trail[-1][1]}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }


def organization(*, name: str, url: str, logo: str = "") -> JsonLd:
    node: JsonLd = {"@type": "Organization", "@id": f"{url}#publisher", "name": name, "url": url}
    if logo:
        node["logo"] = {"@type": "ImageObject", "@id": f"{url}#logo", "url": logo}
    return node


def part_of_site(node: JsonLd, *, site_url: str, language: str) -> JsonLd:
    """A page node of the site: in the site's WebSite, in the site's language."""
    return node | {"isPartOf": {"@id": f"{site_url}#website"}, "inLanguage": language}


def website(*, name: str, url: str, description: str, language: str) -> JsonLd:
    return {
        "@type": "WebSite",
        "@id": f"{url}#website",
        "name": name,
        "url": url,
        "description": description,
        "inLanguage": language,
        "publisher": {"@id": f"{url}#publisher"},
    }


def defined_term(term: Term, *, term_set: tuple[str, str] | None = None) -> JsonLd:
    kind = SCHEMA_TYPES.get(term.kind)
    node: JsonLd = {
        "@type": ["DefinedTerm", kind] if kind else "DefinedTerm",
        "@id": f"{term.url}#term",
        "name": term.name,
        "url": term.url,
    }
    if term.description:
        node["description"] = term.description
    if term.aliases:
        node["alternateName"] = list(term.aliases)
    if term.same_as:
        node["sameAs"] = list(term.same_as)
    if term_set:
        node["inDefinedTermSet"] = {
            "@type": "DefinedTermSet",
            "name": term_set[0],
            "url": term_set[1],
            "@id": f"{term_set[1]}#terms",
        }
    return node


def person(who: Person) -> JsonLd:
    node: JsonLd = {"@type": "Person", "@id": f"{who.url}#person", "name": who.name, "url": who.url}
    if who.description:
        node["description"] = who.description
    if who.same_as:
        node["sameAs"] = list(who.same_as)
    return node


def item_list(items: Sequence[Listed], *, first_position: int, total: int, url: str) -> JsonLd:
    """The listed items; positions continue across pages (page 2 starts where 1 ended)."""
    return {
        "@type": "ItemList",
        "@id": f"{url}#items",
        "numberOfItems": total,
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": first_position + i,
                "url": item.url,
                "name": item.name,
            }
            for i, item in enumerate(items)
        ],
    }


def collection_page(
    *,
    name: str,
    url: str,
    description: str,
    items: Sequence[Listed],
    first_position: int,
    total: int,
    about: Sequence[Term] = (),
    term_set: tuple[str, str] | None = None,
    image: str = "",
) -> JsonLd:
    node: JsonLd = {
        "@type": "CollectionPage",
        "@id": url,
        "url": url,
        "name": name,
        "mainEntity": item_list(items, first_position=first_position, total=total, url=url),
        "breadcrumb": {"@id": f"{url}#breadcrumb"},
    }
    if description:
        node["description"] = description
    if about:
        node["about"] = [defined_term(term, term_set=term_set) for term in about]
    if image:
        node["image"] = image
    return node


def article(
    *,
    kind: str,
    headline: str,
    url: str,
    description: str,
    published: dt.datetime | None,
    modified: dt.datetime | None,
    authors: Sequence[Person],
    about: Sequence[Term],
    mentions: Sequence[Term],
    comment_count: int,
    publisher: JsonLd,
    image: str = "",
    sections: Sequence[str] = (),
    word_count: int = 0,
) -> JsonLd:
    """NewsArticle or AnalysisNewsArticle: what the article is about (salient entities)
    kept apart from what it only mentions. Its page (`web_page`, with the breadcrumb) is a
    node of its own: the article is that page's main entity."""
    node: JsonLd = {
        "@type": kind,
        "@id": f"{url}#article",
        "url": url,
        "mainEntityOfPage": {"@id": url},
        "headline": headline[:110],
        "name": headline,
        "author": [person(who) for who in authors],
        "publisher": publisher,
        "commentCount": comment_count,
    }
    if description:
        node["description"] = description
    if published:
        node["datePublished"] = published.isoformat()
    if modified or published:
        node["dateModified"] = max(d for d in (modified, published) if d).isoformat()
    if about:
        node["about"] = [defined_term(term) for term in about]
    if mentions:
        node["mentions"] = [defined_term(term) for term in mentions]
    if image:
        node["image"] = image
    if sections:
        node["articleSection"] = list(sections)
    if word_count:
        node["wordCount"] = word_count
    return node


def web_page(*, name: str, url: str, image: str = "") -> JsonLd:
    """The page an article stands on: where its breadcrumb belongs."""
    node: JsonLd = {
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": name,
        "breadcrumb": {"@id": f"{url}#breadcrumb"},
    }
    if image:
        node["primaryImageOfPage"] = {"@type": "ImageObject", "url": image}
    return node


def profile_page(*, who: Person, url: str) -> JsonLd:
    return {
        "@type": "ProfilePage",
        "@id": url,
        "url": url,
        "name": who.name,
        "mainEntity": person(who),
        "breadcrumb": {"@id": f"{url}#breadcrumb"},
    }


def term_page(*, term: Term, term_set: tuple[str, str], url: str = "") -> JsonLd:
    url = url or term.url
    return {
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": term.name,
        "mainEntity": defined_term(term, term_set=term_set),
        "breadcrumb": {"@id": f"{url}#breadcrumb"},
    }


def term_set(*, name: str, url: str, terms: Sequence[Term]) -> JsonLd:
    return {
        "@type": "DefinedTermSet",
        "@id": f"{url}#terms",
        "url": url,
        "name": name,
        "hasDefinedTerm": [defined_term(term) for term in terms],
    }


def graph(*nodes: JsonLd) -> JsonLd:
    return {"@context": CONTEXT, "@graph": list(nodes)}


_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_text(data: JsonLd) -> str:
    """JSON for a <script type="application/ld+json"> element: no "</script>", "<!--" or
    line separator can end or confuse the element, whatever the content."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)

"""What each public page says about itself in its <head>: canonical URL, robots, feeds,
OpenGraph and Twitter cards, JSON-LD. Built from what the views already read (no query)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse

from dossiers.core.config import conf
from dossiers.core.http.urls import absolute, site_root
from dossiers.core.jinja import page_url
from dossiers.core.text import truncate_words
from dossiers.media.markup import social_url
from dossiers.media.models import Image
from dossiers.media.selectors import ImageRef, image_ref
from dossiers.syndication import jsonld


@dataclass(frozen=True)
class FeedLink:
    title: str
    href: str
    type: str


@dataclass(frozen=True)
class Head:
    canonical: str
    title: str
    description: str = ""
    og_type: str = "website"
    image: str = ""
    robots: str = ""
    feeds: tuple[FeedLink, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()  # extra OpenGraph properties (article:…)
    jsonld: str = ""


FEED_TYPES = (
    ("rss", "RSS", "application/rss+xml"),
    ("atom", "Atom", "application/atom+xml"),
    ("json", "JSON Feed", "application/feed+json"),
)


def _social(
    request: HttpRequest, image: ImageRef | Image | None
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The 1200×630 sharing crop of an image (absolute URL) and its og:image properties."""
    if image is None:
        return "", ()
    ref = image_ref(image) if isinstance(image, Image) else image
    url, width, height = social_url(ref)
    url = absolute(request, url)
    return url, (
        ("og:image:width", str(width)),
        ("og:image:height", str(height)),
        ("og:image:alt", ref.alt),
    )


def feed_links(request: HttpRequest, prefix: str, title: str, *args: Any) -> tuple[FeedLink, ...]:
    """The three feeds of a page: prefix "feed" (site), "hub-feed", "author-feed"…"""
    return tuple(
        FeedLink(
            f"{title} ({label})", absolute(request, reverse(f"{prefix}-{kind}", args=args)), mime
        )
        for kind, label, mime in FEED_TYPES
    )


def _site(request: HttpRequest) -> tuple[str, str]:
    return conf().site_name, site_root(request)


def _publisher(request: HttpRequest) -> dict[str, Any]:
    name, root = _site(request)
    return jsonld.organization(name=name, url=root, logo=_logo(request))


def _logo(request: HttpRequest) -> str:
    return absolute(request, static("dossiers/favicon.svg"))


def _language() -> str:
    """The site's language as a BCP 47 tag: "en-gb" → "en-GB"."""
    language, _, region = settings.LANGUAGE_CODE.partition("-")
    return f"{language}-{region.upper()}" if region else language


def _on_site(request: HttpRequest, node: dict[str, Any]) -> dict[str, Any]:
    """A page node: part of the site's WebSite, in the site's language."""
    return jsonld.part_of_site(node, site_url=site_root(request), language=_language())


def _trail(request: HttpRequest, *steps: tuple[str, str], page: str = "") -> dict[str, Any]:
    _name, root = _site(request)
    trail = [("Home", root), *((n, absolute(request, u)) for n, u in steps)]
    return jsonld.breadcrumbs(trail, page=page)


def _description(text: str, words: int = 50) -> str:
    return truncate_words(" ".join((text or "").split()), words)


def _person(request: HttpRequest, byline: Any) -> jsonld.Person:
    return jsonld.Person(byline.name, absolute(request, reverse("author", args=[byline.slug])))


def _listed(request: HttpRequest, cards: Sequence[Any]) -> list[jsonld.Listed]:
    return [
        jsonld.Listed(card.title, absolute(request, reverse("article", args=[card.slug])))
        for card in cards
    ]


def _glossary(request: HttpRequest) -> tuple[str, str]:
    return ("Glossary", absolute(request, reverse("glossary")))


# --- Pages -----------------------------------------------------------------------------


def home_head(request: HttpRequest) -> Head:
    name, root = _site(request)
    tagline = conf().site_tagline
    data = jsonld.graph(
        jsonld.website(name=name, url=root, description=tagline, language=_language()),
        _publisher(request),
        _on_site(request, jsonld.web_page(name=name, url=root)),
        jsonld.breadcrumbs([("Home", root)]),
    )
    return Head(
        canonical=root,
        title=name,
        description=tagline,
        feeds=feed_links(request, "feed", name),
        jsonld=jsonld.script_text(data),
    )


def hub_index_head(request: HttpRequest, hubs: Sequence[Any]) -> Head:
    url = absolute(request, reverse("hubs"))
    items = [jsonld.Listed(t.title, absolute(request, reverse("hub", args=[t.slug]))) for t in hubs]
    data = jsonld.graph(
        _on_site(
            request,
            jsonld.collection_page(
                name="Topics",
                url=url,
                description="Every dossier of the site.",
                items=items,
                first_position=1,
                total=len(items),
            ),
        ),
        _trail(request, ("Topics", reverse("hubs"))),
    )
    name, _root = _site(request)
    return Head(
        canonical=url,
        title=f"Topics — {name}",
        feeds=feed_links(request, "feed", name),
        jsonld=jsonld.script_text(data),
    )


def hub_head(
    request: HttpRequest,
    *,
    hub: Any,
    key_terms: Sequence[Any],
    cards: Sequence[Any],
    window: Any,
    article_count: int,
    image: ImageRef | Image | None = None,
) -> Head:
    path = reverse("hub", args=[hub.slug])
    image_url, image_meta = _social(request, image)
    url = absolute(request, page_url(path, window.number))
    glossary = _glossary(request)
    about = [
        jsonld.Term(
            term.name,
            absolute(request, reverse("entity", args=[term.slug])),
            term.definition,
            tuple(term.aliases),
            tuple(getattr(term, "same_as", ()) or ()),
            getattr(term, "type", ""),
        )
        for term in key_terms
    ]
    description = _description(hub.headline or hub.name)
    data = jsonld.graph(
        _on_site(
            request,
            jsonld.collection_page(
                name=hub.title,
                url=url,
                description=description,
                items=_listed(request, cards),
                first_position=window.first_position,
                total=article_count,
                about=about,
                term_set=glossary,
                image=image_url,
            ),
        ),
        _trail(request, ("Topics", reverse("hubs")), (hub.name, path), page=url),
    )
    thin = article_count < conf().hub_min_analyses
    return Head(
        canonical=url,
        title=hub.title,
        description=description,
        robots="noindex, follow" if thin else "",
        image=image_url,
        meta=image_meta,
        feeds=feed_links(request, "hub-feed", hub.name, hub.slug)
        + feed_links(request, "feed", conf().site_name),
        jsonld=jsonld.script_text(data),
    )


_IMG = re.compile(r"<img\b[^>]*?\bsrc=\"(https?://[^\"]+)\"", re.I)


def first_image(body_html: str) -> str:
    match = _IMG.search(body_html or "")
    return match.group(1).replace("&amp;", "&") if match else ""


def article_head(
    request: HttpRequest,
    *,
    article: Any,
    authors: Sequence[Any],
    memberships: Sequence[Any],
    mentions: Sequence[Any],
    hero: ImageRef | Image | None = None,
) -> Head:
    path = reverse("article", args=[article.slug])
    url = absolute(request, path)
    canonical = article.canonical_url or url

    def term(mention: Any) -> jsonld.Term:
        entity = mention.entity
        entity_url = absolute(request, reverse("entity", args=[entity.slug]))
        return jsonld.Term(entity.name, entity_url, kind=entity.type)

    # Salient entities are what the article is about; the rest it only mentions.
    about = [term(m) for m in mentions if m.is_about]
    mentioned = [term(m) for m in mentions if not m.is_about]
    # The featured image's sharing crop, else the first picture in the text.
    image, image_meta = _social(request, hero)
    image = image or first_image(article.body_html)
    people = [_person(request, a) for a in authors]
    first_hub = memberships[0].hub if memberships else None
    steps = [(first_hub.name, reverse("hub", args=[first_hub.slug]))] if first_hub else []
    data = jsonld.graph(
        _on_site(request, jsonld.web_page(name=article.title, url=url, image=image)),
        jsonld.article(
            kind=conf().article_schema_type,
            headline=article.title,
            url=url,
            description=article.summary,
            published=article.published_at,
            modified=article.updated_at,
            authors=people,
            about=about,
            mentions=mentioned,
            comment_count=article.comment_count,
            publisher=_publisher(request),
            image=image,
            sections=[m.hub.name for m in memberships],
            word_count=article.word_count,
        )
        | {"inLanguage": _language()},
        _trail(request, *steps, (article.title, path)),
    )
    meta: list[tuple[str, str]] = list(image_meta)
    if article.published_at:
        meta.append(("article:published_time", _iso(article.published_at)))
    meta.append(
        (
            "article:modified_time",
            _iso(max(article.updated_at, article.published_at or article.updated_at)),
        )
    )
    meta.extend(("article:author", p.url) for p in people)
    meta.extend(("article:section", m.hub.name) for m in memberships[:3])
    return Head(
        canonical=canonical,
        title=article.title,
        description=_description(article.summary),
        og_type="article",
        image=image,
        feeds=feed_links(request, "feed", conf().site_name),
        meta=tuple(meta),
        jsonld=jsonld.script_text(data),
    )


def _iso(value: dt.datetime) -> str:
    return value.isoformat()


def author_head(request: HttpRequest, *, author: Any, cards: Sequence[Any], window: Any) -> Head:
    path = reverse("author", args=[author.slug])
    url = absolute(request, page_url(path, window.number))
    bio = _description(_text(author.bio_html))
    who = jsonld.Person(author.name, absolute(request, path), bio, tuple(author.links))
    profile = _on_site(request, jsonld.profile_page(who=who, url=url))
    profile["hasPart"] = jsonld.item_list(
        _listed(request, cards), first_position=window.first_position, total=window.total, url=url
    )
    data = jsonld.graph(profile, _trail(request, (author.name, path), page=url))
    return Head(
        canonical=url,
        title=author.name,
        description=bio,
        og_type="profile",
        feeds=feed_links(request, "author-feed", author.name, author.slug),
        jsonld=jsonld.script_text(data),
    )


def entity_head(request: HttpRequest, *, entity: Any, window: Any) -> Head:
    path = reverse("entity", args=[entity.slug])
    url = absolute(request, page_url(path, window.number))
    aliases = tuple(a.text for a in entity.aliases.all() if a.text != entity.name)
    term = jsonld.Term(
        entity.name,
        absolute(request, path),
        entity.definition,
        aliases,
        tuple(entity.same_as),
        entity.type,
    )
    glossary = _glossary(request)
    page = _on_site(request, jsonld.term_page(term=term, term_set=glossary, url=url))
    trail = _trail(request, ("Glossary", reverse("glossary")), (entity.name, path), page=url)
    data = jsonld.graph(page, trail)
    return Head(
        canonical=url,
        title=entity.name,
        description=_description(entity.definition),
        feeds=feed_links(request, "entity-feed", entity.name, entity.slug),
        jsonld=jsonld.script_text(data),
    )


def glossary_head(request: HttpRequest, groups: dict[str, list[Any]]) -> Head:
    url = absolute(request, reverse("glossary"))
    terms = [
        jsonld.Term(
            e.name, absolute(request, reverse("entity", args=[e.slug])), e.definition, kind=e.type
        )
        for terms_of_letter in groups.values()
        for e in (term.entity for term in terms_of_letter)
    ]
    page = jsonld.web_page(name="Glossary", url=url) | {"mainEntity": {"@id": f"{url}#terms"}}
    data = jsonld.graph(
        _on_site(request, page),
        jsonld.term_set(name="Glossary", url=url, terms=terms),
        _trail(request, ("Glossary", reverse("glossary"))),
    )
    name, _root = _site(request)
    return Head(canonical=url, title=f"Glossary — {name}", jsonld=jsonld.script_text(data))


_TAGS = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return " ".join(_TAGS.sub(" ", fragment or "").split())


__all__ = [
    "FeedLink",
    "Head",
    "article_head",
    "author_head",
    "entity_head",
    "first_image",
    "glossary_head",
    "home_head",
    "hub_head",
    "hub_index_head",
]

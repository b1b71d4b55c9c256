"""Phase 1: what to export, read from the selectors (the sitemap's lists, the topic index).

These are the seeds; the render phase then follows every internal link the rendered pages
hold (the next page of a list, a glossary's entities, a page's feeds, the sitemap's
sections), so whatever the site links to is exported even if no list here names it.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from dossiers.core.config import conf
from dossiers.core.pagination import page_path
from dossiers.hubs.selectors import hub_index
from dossiers.syndication import selectors as lists

FEEDS = ("rss.xml", "atom.xml", "feed.json")


def seed_paths(*, now: dt.datetime) -> list[str]:
    """Every public address the site lists, with the export's prefix ('/sub/topics/x/')."""
    paths = [reverse(name) for name in ("home", "hubs", "glossary", "robots", "sitemap")]
    paths += [reverse("feed-rss"), reverse("feed-atom"), reverse("feed-json")]
    paths += [reverse("article", args=[slug]) for slug, _ in lists.sitemap_articles(now)]
    hubs = hub_index(now=now)
    per_page = conf().page_size
    for hub in hubs:  # a hub's later pages are known from its count (others follow links)
        pages = -(-hub.article_count // per_page)  # type: ignore[attr-defined]
        paths += [page_path(reverse("hub", args=[hub.slug]), n) for n in range(2, pages + 1)]
    listed = [("hub", hub.slug) for hub in hubs]
    listed += [("hub", row.slug) for row in lists.indexable_hubs(now)]
    listed += [("author", row.slug) for row in lists.sitemap_authors(now)]
    listed += [("entity", row.slug) for row in lists.sitemap_entities(now)]
    for route, slug in dict.fromkeys(listed):
        page = reverse(route, args=[slug])
        paths += [page, *(page + feed for feed in FEEDS)]
    return list(dict.fromkeys(paths))

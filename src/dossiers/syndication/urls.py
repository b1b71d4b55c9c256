from django.urls import path, re_path

from dossiers.syndication import views

SUFFIXES = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}
PAGES = {
    "feed": "",
    "hub-feed": "topics/<slug:slug>/",
    "author-feed": "authors/<slug:slug>/",
    "entity-feed": "entities/<slug:slug>/",
}

urlpatterns = [
    path(f"{prefix}{suffix}", views.feed_view(views.FEEDS[route], kind), name=f"{route}-{kind}")
    for route, prefix in PAGES.items()
    for kind, suffix in SUFFIXES.items()
] + [
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    # Pages of a section as files (sitemap-articles-2.xml), before the section's own pattern.
    re_path(
        r"^sitemap-(?P<section>[a-z]+)-(?P<page>[0-9]+)\.xml$",
        views.sitemap_section,
        name="sitemap-section-page",
    ),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
]

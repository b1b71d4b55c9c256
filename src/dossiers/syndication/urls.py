from django.urls import path

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
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
]

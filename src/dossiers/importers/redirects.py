"""Where an old address now lives (see middleware.py)."""

from __future__ import annotations

from django.urls import reverse

from dossiers.importers.models import LegacyTarget, LegacyUrl

# WordPress's own feeds, wherever a site had them.
FEED_PATHS = {
    "/feed": "feed-rss",
    "/feed/rss2": "feed-rss",
    "/feed/rss": "feed-rss",
    "/feed/atom": "feed-atom",
    "/rss": "feed-rss",
    "/comments/feed": None,
}


def legacy_target(path: str) -> str | None:
    """The new URL of an old path ("/2013/01/11/slug/", "/?p=12"), or None."""
    if len(path) > 500 or "\x00" in path:  # PostgreSQL text cannot hold NUL
        return None
    key = path if path.startswith("/?") else (path.rstrip("/") or "/")
    if key in FEED_PATHS:
        name = FEED_PATHS[key]
        return reverse(name) if name else None
    row = LegacyUrl.objects.filter(path=key).values_list("target", "object_id").first()
    if row is None:
        return None
    return _url(*row)


def _url(target: str, object_id: int) -> str | None:
    from dossiers.hubs.models import Hub, HubStatus
    from dossiers.knowledge.models import Entity
    from dossiers.publishing.models import Article, Author

    if target == LegacyTarget.ARTICLE:
        slug = Article.objects.visible().filter(pk=object_id).values_list("slug", flat=True).first()
        return reverse("article", args=[slug]) if slug else None
    if target == LegacyTarget.HUB:
        slug = (
            Hub.objects.filter(pk=object_id, status=HubStatus.PUBLISHED)
            .values_list("slug", flat=True)
            .first()
        )
        return reverse("hub", args=[slug]) if slug else None
    if target == LegacyTarget.AUTHOR:
        slug = Author.objects.filter(pk=object_id).values_list("slug", flat=True).first()
        return reverse("author", args=[slug]) if slug else None
    if target == LegacyTarget.ENTITY:
        slug = Entity.objects.filter(pk=object_id).values_list("slug", flat=True).first()
        return reverse("entity", args=[slug]) if slug else None
    return None

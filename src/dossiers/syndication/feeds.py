"""Feeds of the whole site and of every hub, author and entity, in RSS 2.0, Atom 1.0 and
JSON Feed 1.1 (django.contrib.syndication). Items carry the full text or only the summary
(DOSSIERS_FEED_FULL_TEXT)."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import escape

from dossiers.core.config import conf
from dossiers.core.http import found
from dossiers.core.http.urls import absolute
from dossiers.hubs import selectors as hub_reads
from dossiers.knowledge import selectors as knowledge
from dossiers.media.markup import absolute_media_urls
from dossiers.publishing import selectors as publishing
from dossiers.syndication import selectors
from dossiers.syndication.jsonfeed import FullTextAtom, FullTextRss, JsonFeed
from dossiers.syndication.selectors import FeedEntry

GENERATORS = {"rss": FullTextRss, "atom": FullTextAtom, "json": JsonFeed}


class EntryFeed(Feed):
    """Shared item rendering. One instance serves one request (see views.feed_view)."""

    kind = "rss"
    route = "feed"  # URL name prefix of this feed family

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.feed_type = GENERATORS[kind]
        self.request: HttpRequest | None = None

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def _url(self, path: str) -> str:
        return absolute(self.request, path)

    def feed_url(self, obj: Any = None) -> str:
        args = [obj.slug] if obj is not None else []
        return self._url(reverse(f"{self.route}-{self.kind}", args=args))

    def feed_extra_kwargs(self, obj: Any) -> dict[str, Any]:
        # The date of a feed with no items yet (jsonfeed._StableDate).
        updated = getattr(obj, "updated_at", None)
        return {"updated": updated} if updated is not None else {}

    def item_title(self, item: FeedEntry) -> str:
        return item.title

    def item_link(self, item: FeedEntry) -> str:
        return self._url(reverse("article", args=[item.slug]))

    def item_guid(self, item: FeedEntry) -> str:
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_description(self, item: FeedEntry) -> str:
        # RSS <description> and Atom <summary type="html"> are read as HTML: a plain-text
        # summary (an imported excerpt may hold "<script>") is escaped to stay text.
        # JSON Feed's summary is plain text by definition.
        return item.summary if self.kind == "json" else escape(item.summary)

    def _channel_text(self, text: str) -> str:
        """A channel description: readers take RSS's as HTML, Atom's subtitle as text."""
        return escape(text) if self.kind == "rss" else text

    def item_pubdate(self, item: FeedEntry) -> Any:
        return item.published_at

    def item_updateddate(self, item: FeedEntry) -> Any:
        return max(item.updated_at, item.published_at)

    # Bylines go out as `authors` (item_extra_kwargs), one element per person in every
    # format; Django's single author_name would join co-authors into one name.

    def item_categories(self, item: FeedEntry) -> tuple[str, ...]:
        return item.hubs

    def item_extra_kwargs(self, item: FeedEntry) -> dict[str, Any]:
        extra: dict[str, Any] = {
            "authors": [(a.name, self._url(reverse("author", args=[a.slug]))) for a in item.authors]
        }
        if conf().feed_full_text:
            # Images of the library: absolute addresses, for readers away from the site.
            extra["content_html"] = absolute_media_urls(item.body_html, self._url("/"))
        return extra

    def feed_copyright(self) -> str:
        return conf().site_name


class SiteFeed(EntryFeed):
    route = "feed"

    def title(self) -> str:
        return conf().site_name

    def link(self) -> str:
        return self._url("/")

    def description(self) -> str:
        return self._channel_text(conf().site_tagline)

    def items(self) -> list[FeedEntry]:
        return selectors.site_entries()


class HubFeed(EntryFeed):
    route = "hub-feed"

    def get_object(self, request: HttpRequest, slug: str) -> Any:
        return found(hub_reads.hub_get(slug=slug), "No such topic.")

    def title(self, obj: Any) -> str:
        return f"{obj.title} — {conf().site_name}"

    def link(self, obj: Any) -> str:
        return self._url(reverse("hub", args=[obj.slug]))

    def description(self, obj: Any) -> str:
        return self._channel_text(obj.headline or f"Analyses on {obj.name}")

    def items(self, obj: Any) -> list[FeedEntry]:
        return selectors.hub_entries(hub=obj)


class AuthorFeed(EntryFeed):
    route = "author-feed"

    def get_object(self, request: HttpRequest, slug: str) -> Any:
        return found(publishing.author_get(slug=slug), "No such author.")

    def title(self, obj: Any) -> str:
        return f"{obj.name} — {conf().site_name}"

    def link(self, obj: Any) -> str:
        return self._url(reverse("author", args=[obj.slug]))

    def description(self, obj: Any) -> str:
        return self._channel_text(f"Analyses by {obj.name}")

    def items(self, obj: Any) -> list[FeedEntry]:
        return selectors.author_entries(author=obj)


class EntityFeed(EntryFeed):
    route = "entity-feed"

    def get_object(self, request: HttpRequest, slug: str) -> Any:
        return found(knowledge.entity_get(slug=slug), "No such entity.")

    def title(self, obj: Any) -> str:
        return f"{obj.name} — {conf().site_name}"

    def link(self, obj: Any) -> str:
        return self._url(reverse("entity", args=[obj.slug]))

    def description(self, obj: Any) -> str:
        return self._channel_text(obj.definition or f"Analyses that mention {obj.name}")

    def items(self, obj: Any) -> list[FeedEntry]:
        return selectors.entity_entries(entity=obj)

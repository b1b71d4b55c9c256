"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) as a Django feed generator, and RSS and
Atom generators that can also carry the full text of each item."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed, rfc3339_date


class _StableDate(SyndicationFeed):
    """An empty feed's date is the feed's own `updated` (its hub's, author's or entity's last
    change), not Django's default of now: the same content gives the same bytes (ETags,
    the static export's "nothing changed")."""

    def latest_post_date(self) -> dt.datetime:
        if any(item.get("pubdate") or item.get("updateddate") for item in self.items):
            return super().latest_post_date()
        return self.feed.get("updated") or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class FullTextRss(_StableDate, Rss201rev2Feed):
    """RSS 2.0; an item's `content_html` goes into <content:encoded> beside its summary, and
    each of its `authors` into a <dc:creator> of its own (co-authors are separate people)."""

    def rss_attributes(self) -> dict[str, str]:
        return super().rss_attributes() | {
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        }

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for name, _link in item.get("authors") or ():
            handler.addQuickElement("dc:creator", name)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class FullTextAtom(_StableDate, Atom1Feed):
    """Atom 1.0; an item's `content_html` goes into <content type="html">, and each of its
    `authors` into an <author> of its own."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for name, link in item.get("authors") or ():
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if link:
                handler.addQuickElement("uri", link)
            handler.endElement("author")
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JsonFeed(SyndicationFeed):
    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile: Any, encoding: str) -> None:
        feed = self.feed
        data: dict[str, Any] = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
        }
        if feed.get("description"):
            data["description"] = feed["description"]
        if feed.get("language"):
            data["language"] = feed["language"]
        if feed.get("author_name"):
            data["authors"] = [_author(feed["author_name"], feed.get("author_link"))]
        data["items"] = [self._item(item) for item in self.items]
        outfile.write(json.dumps(data, ensure_ascii=False, indent=1))

    @staticmethod
    def _item(item: dict[str, Any]) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": item.get("unique_id") or item["link"],
            "url": item["link"],
            "title": item["title"],
        }
        if item.get("content_html"):
            entry["content_html"] = item["content_html"]
            if item.get("description"):
                entry["summary"] = item["description"]
        else:
            entry["content_text"] = item.get("description") or ""
        if item.get("pubdate"):
            entry["date_published"] = rfc3339_date(item["pubdate"])
        if item.get("updateddate"):
            entry["date_modified"] = rfc3339_date(item["updateddate"])
        people = item.get("authors") or (
            [(item["author_name"], item.get("author_link"))] if item.get("author_name") else []
        )
        if people:
            entry["authors"] = [_author(name, link) for name, link in people]
        if item.get("categories"):
            entry["tags"] = list(item["categories"])
        return entry


def _author(name: str, link: str | None) -> dict[str, str]:
    return {"name": name, "url": link} if link else {"name": name}

"""What the search index holds per article, whatever the backend.

`SearchDocument` is the index's own record of an article: its sort key
(see backends/base.py), its publication time and the article's
`updated_at` when it was indexed, which is how a catch-up finds stale
entries. The text itself lives in the backend's structure: an FTS5 table
keyed by the sort key on SQLite, a weighted tsvector column added to this
table on PostgreSQL. Deleting an article deletes its row here (cascade),
and with it the text (a trigger on SQLite, the same row on PostgreSQL).
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    article = models.OneToOneField(
        "publishing.Article", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    sort_key = models.BigIntegerField(unique=True)
    published_at = models.DateTimeField()
    source_updated_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "search index entry"
        verbose_name_plural = "search index entries"

    def __str__(self) -> str:
        return f"article {self.article_id} in the search index"

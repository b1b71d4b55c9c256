"""What the importers remember: where each object came from, how posts were filed, old URLs."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ImportedObject(models.Model):
    """One object of a source (a post, an author, a category…) and the row it became.

    Re-running an import finds the row again by (source, kind, guid), so it
    updates instead of duplicating; `digest` tells whether the source changed.
    """

    source = models.CharField(max_length=300, help_text="e.g. wordpress:https://example.org")
    kind = models.CharField(max_length=40)
    guid = models.CharField(max_length=500)
    object_id = models.PositiveBigIntegerField()
    digest = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "guid"], name="imported_object_unique_guid"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="imported_kind_object")]

    def __str__(self) -> str:
        return f"{self.kind} {self.guid} from {self.source}"


class LegacyTarget(models.TextChoices):
    ARTICLE = "article", "Article"
    HUB = "hub", "Hub"
    AUTHOR = "author", "Author"
    ENTITY = "entity", "Entity"


class LegacyUrl(models.Model):
    """An address the content had on the old site, answered with a 301 to its new page."""

    path = models.CharField(
        max_length=500, unique=True, help_text='"/2013/01/11/slug" or "/?p=123" (no host).'
    )
    target = models.CharField(max_length=16, choices=LegacyTarget.choices)
    object_id = models.PositiveBigIntegerField()

    class Meta:
        verbose_name = "old address"
        verbose_name_plural = "old addresses"

    def __str__(self) -> str:
        return f"{self.path} → {self.target} {self.object_id}"

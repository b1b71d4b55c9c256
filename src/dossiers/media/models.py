"""The media library: one row per image, its original in the default storage.

Renditions are not rows: their names and sizes follow from the image's key, its
dimensions and its focal point (`renditions.py`, pure), so a page that shows images
needs the image rows and nothing else. Moving the focal point changes the names, so a
stale crop is never served from a cache.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

_UNIT = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Image(models.Model):
    # The first 20 hex digits of the original's SHA-256 (after EXIF stripping): names its
    # files, and finds a file uploaded twice.
    key = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(max_length=255, editable=False)
    title = models.CharField(max_length=200, blank=True, help_text="For editors; not shown.")
    alt = models.CharField(
        "alt text",
        max_length=300,
        help_text="What the image shows, for readers who cannot see it. Required.",
    )
    caption = models.TextField(blank=True, help_text="Shown under the image (plain text).")
    credit = models.CharField(max_length=200, blank=True, help_text="“Photo: …”, shown with it.")
    focal_x = models.FloatField(
        default=0.5, validators=_UNIT, help_text="0 (left edge) to 1 (right edge)."
    )
    focal_y = models.FloatField(
        default=0.5, validators=_UNIT, help_text="0 (top edge) to 1 (bottom edge)."
    )
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    file_size = models.PositiveIntegerField(default=0, editable=False)
    # Where an import found it (a WordPress attachment URL; "demo:…"): re-imports reuse it.
    source_url = models.CharField(max_length=1000, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title or self.alt[:60] or self.key

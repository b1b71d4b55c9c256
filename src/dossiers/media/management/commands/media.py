"""`dossiers media renditions`: make every image's missing renditions now (before a static
export, or with S3 storage, where no view makes them on their first request)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from dossiers.media.models import Image
from dossiers.media.services import renditions_make


class Command(BaseCommand):
    help = "The media library: make every image's missing renditions (media renditions)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="renditions")
        sub.add_parser("renditions", help="make the renditions not stored yet, of every image")

    def handle(self, *args: Any, **options: Any) -> None:
        made = images = 0
        for image in Image.objects.order_by("id").iterator():
            made += renditions_make(image=image)
            images += 1
        self.stdout.write(f"{made} renditions made for {images} images (the others were there).")

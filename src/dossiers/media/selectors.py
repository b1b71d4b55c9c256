"""Reads of the media library: plain `ImageRef`s for pages, and the list of media files
for the static export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from dossiers.media import imaging, renditions
from dossiers.media.models import Image
from dossiers.media.renditions import Source

# The image columns a page needs, in `ImageRef` order: select them through a foreign key
# ("featured_image__" + column) to read an article's image in the article's own query.
IMAGE_COLUMNS = (
    "id",
    "key",
    "file",
    "width",
    "height",
    "focal_x",
    "focal_y",
    "alt",
    "caption",
    "credit",
)


@dataclass(frozen=True)
class ImageRef:
    """What a page needs to show an image: no storage access, no query."""

    id: int
    key: str
    file: str
    width: int
    height: int
    focal_x: float
    focal_y: float
    alt: str
    caption: str = ""
    credit: str = ""

    @property
    def source(self) -> Source:
        return Source(self.key, self.width, self.height, self.focal_x, self.focal_y)


def image_ref_from_row(row: Sequence[Any]) -> ImageRef | None:
    """An ImageRef from IMAGE_COLUMNS values (None when the foreign key was empty)."""
    return None if row[0] is None else ImageRef(*row)


def image_ref(image: Image) -> ImageRef:
    return ImageRef(*(image.file.name if c == "file" else getattr(image, c) for c in IMAGE_COLUMNS))


def image_refs(ids: Iterable[int]) -> dict[int, ImageRef]:
    """Images by id (1 query; none for no ids)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = Image.objects.filter(pk__in=wanted).values_list(*IMAGE_COLUMNS)
    return {row[0]: ImageRef(*row) for row in rows}


def image_get(*, pk: int) -> Image | None:
    return Image.objects.filter(pk=pk).first()


def media_files() -> Iterator[str]:
    """Every storage name a copy of the site needs (for the static export): each image's
    original and all its renditions, under the media URL prefix. Renditions may not be
    made yet: `media.services.renditions_make` makes the missing ones."""
    modern = imaging.modern_format()
    for row in Image.objects.order_by("id").values_list(*IMAGE_COLUMNS).iterator():
        ref = ImageRef(*row)
        yield ref.file
        for rendition in renditions.all_renditions(ref.source, modern):
            yield rendition.name

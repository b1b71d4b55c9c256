"""Writes to the media library: uploads (validated, cleaned, stored) and renditions.

Files go through Django's storage API (`default_storage`: local files under the media
root, or S3 by setting). An upload either ends with its row and its original stored, or
with neither: a file written before a failed save is deleted again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from dossiers.core.config import conf
from dossiers.media import imaging, renditions
from dossiers.media.imaging import ImageRejected
from dossiers.media.models import Image
from dossiers.media.renditions import Rendition, Source

log = logging.getLogger(__name__)


def image_source(image: Image) -> Source:
    return Source(image.key, image.width, image.height, image.focal_x, image.focal_y)


def _clean_text(value: str) -> str:
    return " ".join((value or "").split())


def image_upload(
    *,
    data: bytes,
    alt: str,
    title: str = "",
    caption: str = "",
    credit: str = "",
    focal_x: float = 0.5,
    focal_y: float = 0.5,
    source_url: str = "",
    make_renditions: bool = True,
) -> Image:
    """A new image in the library from the bytes of an upload.

    Raises ValidationError (nothing written) when the file is not an image we take (the
    message says why: not an image, SVG, too large, too many pixels) or a field is
    wrong. The same picture uploaded again returns the image already in the library.
    `make_renditions=False` leaves them to their first request (imports, the demo).
    """
    limits = conf()
    try:
        cleaned = imaging.clean_upload(
            data,
            max_bytes=limits.media_max_mb * 1024 * 1024,
            max_pixels=limits.media_max_megapixels * 1_000_000,
        )
    except ImageRejected as error:
        raise ValidationError({"file": str(error)}) from None
    key = hashlib.sha256(cleaned.data).hexdigest()[:20]
    existing = Image.objects.filter(key=key).first()
    if existing is not None:
        return existing
    image = Image(
        key=key,
        title=_clean_text(title)[:200],
        alt=_clean_text(alt)[:300],
        caption=(caption or "").strip(),
        credit=_clean_text(credit)[:200],
        focal_x=focal_x,
        focal_y=focal_y,
        width=cleaned.width,
        height=cleaned.height,
        file_size=len(cleaned.data),
        source_url=source_url[:1000],
    )
    image.file.name = f"originals/{key[:2]}/{key}.{cleaned.ext}"
    image.full_clean(exclude=["file"])  # before anything is written
    stored = default_storage.save(image.file.name, ContentFile(cleaned.data))
    image.file.name = stored
    try:
        with transaction.atomic():
            image.save()
    except BaseException:
        default_storage.delete(stored)
        raise
    if make_renditions:
        transaction.on_commit(lambda: renditions_make(image=image))
    return image


@transaction.atomic
def image_update(
    *,
    image: Image,
    alt: str,
    title: str = "",
    caption: str = "",
    credit: str = "",
    focal_x: float = 0.5,
    focal_y: float = 0.5,
) -> Image:
    """Change what is said about an image, or its focal point (the renditions' names follow
    the focal point: new crops are made, old ones are left for `media_prune`)."""
    image.alt = _clean_text(alt)[:300]
    image.title = _clean_text(title)[:200]
    image.caption = (caption or "").strip()
    image.credit = _clean_text(credit)[:200]
    image.focal_x, image.focal_y = focal_x, focal_y
    image.full_clean(exclude=["file"])
    image.save()
    transaction.on_commit(lambda: renditions_make(image=image))
    return image


def _original_bytes(image: Image) -> bytes:
    with default_storage.open(image.file.name, "rb") as handle:
        return bytes(handle.read())


def _write(rendition: Rendition, image: Image, original: bytes) -> None:
    spec = renditions.SPECS[rendition.spec]
    data = imaging.render(
        original,
        box=renditions.crop_box(image_source(image), spec.ratio),
        size=(rendition.width, rendition.height),
        fmt=rendition.format,
        quality=conf().media_quality,
    )
    saved = default_storage.save(rendition.name, ContentFile(data))
    if saved != rendition.name:  # another worker made it meanwhile: keep theirs
        default_storage.delete(saved)


def renditions_make(*, image: Image, only: Iterable[Rendition] | None = None) -> int:
    """Make the image's renditions that are not stored yet (all, or `only` these); the
    number made. Each is made once: stored renditions are never made again."""
    wanted = list(only) if only is not None else image_renditions(image)
    missing = [r for r in wanted if not default_storage.exists(r.name)]
    if missing:
        original = _original_bytes(image)
        for rendition in missing:
            _write(rendition, image, original)
    return len(missing)


def image_renditions(image: Image) -> list[Rendition]:
    return renditions.all_renditions(image_source(image), imaging.modern_format())


def rendition_ensure(*, name: str) -> Rendition | None:
    """The rendition stored under `name`, made now if the image has it and it is missing
    (its first request); None when no image has such a rendition."""
    requested = renditions.parse_rendition_name(name)
    if requested is None:
        return None
    image = Image.objects.filter(key=requested.key).first()
    if image is None:
        return None
    rendition = renditions.is_current(image_source(image), name, imaging.modern_format())
    if rendition is None:
        return None
    renditions_make(image=image, only=[rendition])
    return rendition


def image_delete(*, image: Image) -> None:
    """The row, its original and every rendition made of it."""
    names = [image.file.name] + [r.name for r in image_renditions(image)]
    image.delete()
    for name in names:
        if name and default_storage.exists(name):
            default_storage.delete(name)

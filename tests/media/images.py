"""Test pictures, drawn here (no file from elsewhere)."""

from __future__ import annotations

import io

from PIL import Image


def picture_bytes(
    size: tuple[int, int] = (1600, 900),
    fmt: str = "JPEG",
    colour: tuple[int, int, int] = (40, 90, 120),
    **save: object,
) -> bytes:
    picture = Image.new("RGB", size, colour)
    # A bright square in the top-left corner, to see where crops come from.
    picture.paste((250, 250, 250), (0, 0, size[0] // 8, size[1] // 8))
    out = io.BytesIO()
    picture.save(out, fmt, **save)
    return out.getvalue()


def jpeg_with_exif(size: tuple[int, int] = (800, 600), orientation: int = 6) -> bytes:
    """A JPEG with a GPS position, a camera name and an orientation in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"  # Make
    exif[0x0112] = orientation  # Orientation: 6 = turn 90° clockwise to show
    exif.get_ifd(0x8825)[2] = (52.0, 22.0, 0.0)  # GPSLatitude
    return picture_bytes(size, "JPEG", exif=exif.tobytes())

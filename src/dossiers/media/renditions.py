"""Which renditions an image has, and where: pure functions on plain data.

A rendition is one crop of the original (a *spec*: an aspect ratio around the focal
point) at one width, in one format. Its storage name carries everything it was made
from (key, spec, width, focal point, format), so the list of an image's renditions,
their sizes and their URLs are computed, never looked up, and the media view can make a
missing one from its name alone, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

JPEG = "jpg"
MODERN_FORMATS = ("avif", "webp")
MIME = {"avif": "image/avif", "webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}
PREFIX = "renditions"


@dataclass(frozen=True)
class Spec:
    name: str
    # Width:height of the crop; None keeps the original's shape (body images).
    ratio: tuple[int, int] | None
    widths: tuple[int, ...]
    # Social cards are read by crawlers that want JPEG (or PNG) only.
    modern: bool = True


SPECS: dict[str, Spec] = {
    spec.name: spec
    for spec in (
        Spec("card", (3, 2), (400, 800)),  # card thumbnails
        Spec("wide", (16, 9), (640, 1280, 1920)),  # article hero
        Spec("banner", (3, 1), (800, 1600)),  # hub header
        Spec("body", None, (640, 1280)),  # images in the text
        Spec("square", (1, 1), (160, 320)),  # author photos
        Spec("social", (1200, 630), (1200,), modern=False),  # og:image, twitter:image
    )
}


@dataclass(frozen=True)
class Source:
    """What renditions are computed from: an image row's fields."""

    key: str
    width: int
    height: int
    focal_x: float = 0.5
    focal_y: float = 0.5


@dataclass(frozen=True)
class Rendition:
    name: str  # storage name, under the media root
    spec: str
    width: int
    height: int
    format: str


def crop_box(source: Source, ratio: tuple[int, int] | None) -> tuple[int, int, int, int]:
    """The largest box of `ratio` inside the image, centred on the focal point as far as
    the edges allow (left, top, right, bottom)."""
    w, h = source.width, source.height
    if ratio is None:
        return (0, 0, w, h)
    rw, rh = ratio
    if w * rh > h * rw:  # wider than the ratio: full height, cut the sides
        cw, ch = max(1, round(h * rw / rh)), h
    else:
        cw, ch = w, max(1, round(w * rh / rw))
    left = round(source.focal_x * w - cw / 2)
    top = round(source.focal_y * h - ch / 2)
    left = min(max(left, 0), w - cw)
    top = min(max(top, 0), h - ch)
    return (left, top, left + cw, top + ch)


def spec_sizes(source: Source, spec: Spec) -> list[tuple[int, int]]:
    """(width, height) of each rendition of a spec: never wider than the crop itself, and
    at least one (the crop's own size, when it is narrower than the smallest width)."""
    left, top, right, bottom = crop_box(source, spec.ratio)
    cw, ch = right - left, bottom - top
    widths = [w for w in spec.widths if w <= cw] or [cw]
    return [(w, max(1, round(w * ch / cw))) for w in widths]


def _focal_tag(source: Source) -> str:
    return f"{round(source.focal_x * 100):d}-{round(source.focal_y * 100):d}"


def rendition_name(source: Source, spec: Spec, width: int, height: int, fmt: str) -> str:
    return f"{PREFIX}/{source.key}/{spec.name}-{width}x{height}-{_focal_tag(source)}.{fmt}"


def spec_renditions(source: Source, spec: Spec, modern: str) -> list[Rendition]:
    """Every rendition of one spec: each width in `modern` (avif or webp) and in JPEG."""
    formats = (modern, JPEG) if spec.modern else (JPEG,)
    return [
        Rendition(rendition_name(source, spec, w, h, fmt), spec.name, w, h, fmt)
        for fmt in formats
        for w, h in spec_sizes(source, spec)
    ]


def all_renditions(source: Source, modern: str) -> list[Rendition]:
    return [r for spec in SPECS.values() for r in spec_renditions(source, spec, modern)]


_NAME = re.compile(
    rf"^{PREFIX}/(?P<key>[0-9a-f]{{8,32}})/(?P<spec>[a-z]+)-(?P<w>\d{{1,5}})x(?P<h>\d{{1,5}})"
    r"-(?P<fx>\d{1,3})-(?P<fy>\d{1,3})\.(?P<fmt>avif|webp|jpg)$"
)


@dataclass(frozen=True)
class Requested:
    key: str
    name: str


def parse_rendition_name(name: str) -> Requested | None:
    """The image key of a rendition name, or None when it is not one."""
    match = _NAME.match(name)
    return Requested(match["key"], name) if match else None


def is_current(source: Source, name: str, modern: str) -> Rendition | None:
    """The rendition `name` stands for, if the image (as it is now) has it; else None.

    The media view only makes renditions the image really has: a request cannot make
    the server crop at sizes or focal points nobody asked for."""
    return next((r for r in all_renditions(source, modern) if r.name == name), None)

"""The demo site's pictures, drawn here with Pillow: no photograph, no third-party file.

Every picture is made from a seed (the slug) in one palette, so a demo loaded twice
draws the same pixels, and nothing large is kept in git. Articles and hubs get abstract
maps (coastlines, contour lines, a graticule, routes between markers), charts or
geometric compositions; authors get a monogram portrait.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import math
import random
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

CREDIT = "Illustration: Dossiers demo"
PAPER = (246, 242, 232)
INK = (27, 30, 35)
ACCENT = (138, 42, 28)
SEA = [(47, 75, 94), (62, 96, 114), (92, 127, 143)]
LAND = [(217, 203, 176), (196, 182, 150), (125, 132, 80)]
WARM = [(194, 138, 44), (138, 42, 28), (176, 92, 60)]
SIZE = (1600, 1000)


@dataclass(frozen=True)
class Drawn:
    data: bytes  # PNG
    alt: str


def _rng(seed: str) -> random.Random:
    return random.Random(int(hashlib.sha256(seed.encode()).hexdigest()[:16], 16))


def _blob(rng: random.Random, cx: float, cy: float, radius: float, grow: float = 0) -> list:
    """A closed, smooth, irregular outline: a circle bent by a few sine waves."""
    waves = [(rng.randint(2, 7), rng.uniform(0.05, 0.22), rng.uniform(0, 6.3)) for _ in range(4)]
    points = []
    for i in range(180):
        t = 2 * math.pi * i / 180
        r = radius * (1 + sum(a * math.sin(k * t + p) for k, a, p in waves)) + grow
        points.append((cx + r * math.cos(t), cy + r * 0.8 * math.sin(t)))
    return points


def _map(seed: str) -> Drawn:
    rng = _rng(seed)
    w, h = SIZE
    picture = Image.new("RGB", SIZE, SEA[0])
    draw = ImageDraw.Draw(picture)
    for x in range(0, w, 100):  # graticule
        draw.line([(x, 0), (x, h)], fill=SEA[1], width=2)
    for y in range(0, h, 100):
        draw.line([(0, y), (w, y)], fill=SEA[1], width=2)
    lands = []
    for _ in range(rng.randint(2, 4)):
        cx, cy = rng.uniform(0.1, 0.9) * w, rng.uniform(0.15, 0.85) * h
        radius = rng.uniform(0.15, 0.32) * h
        for ring in (70, 45, 22):  # shallow water as contour lines around the coast
            draw.line([*_blob(_rng(f"{seed}{cx}"), cx, cy, radius, ring)], fill=SEA[2], width=2)
        lands.append((cx, cy, radius))
    for cx, cy, radius in lands:
        outline = _blob(_rng(f"{seed}{cx}"), cx, cy, radius)
        draw.polygon(outline, fill=LAND[0], outline=INK)
        for step in (0.7, 0.45, 0.22):  # relief
            inner = _blob(_rng(f"{seed}{cx}"), cx, cy, radius * step)
            draw.polygon(inner, fill=LAND[1] if step > 0.4 else LAND[2])
    markers = [(rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h) for _ in range(4)]
    for (x1, y1), (x2, y2) in itertools.pairwise(markers):
        for i in range(0, 20, 2):  # a dashed route
            a, b = i / 20, (i + 1) / 20
            draw.line(
                [
                    (x1 + (x2 - x1) * a, y1 + (y2 - y1) * a),
                    (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b),
                ],
                fill=ACCENT,
                width=6,
            )
    for mx, my in markers:
        draw.ellipse((mx - 16, my - 16, mx + 16, my + 16), fill=PAPER, outline=ACCENT, width=7)
    return Drawn(
        _png(picture),
        "Drawn map: sand-coloured coastlines with contour lines in a blue sea, "
        "and a dashed red route between four markers",
    )


def _chart(seed: str) -> Drawn:
    rng = _rng(seed)
    w, h = SIZE
    picture = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(picture)
    left, bottom, top = 140, h - 130, 120
    for i in range(5):
        y = bottom - i * (bottom - top) / 4
        draw.line([(left, y), (w - 100, y)], fill=(214, 208, 196), width=2)
    bars = rng.randint(8, 14)
    span = (w - 100 - left) / bars
    values = [rng.uniform(0.15, 1.0) for _ in range(bars)]
    for i, value in enumerate(values):
        x = left + i * span + span * 0.18
        colour = SEA[i % 2] if i < bars - 2 else ACCENT
        draw.rectangle((x, bottom - value * (bottom - top), x + span * 0.64, bottom), fill=colour)
    trend = [
        bottom - (0.3 + 0.6 * (i / bars) + rng.uniform(-0.1, 0.1)) * (bottom - top)
        for i in range(bars)
    ]
    points = [(left + i * span + span / 2, y) for i, y in enumerate(trend)]
    draw.line(points, fill=WARM[0], width=8, joint="curve")
    for x, y in points:
        draw.ellipse((x - 10, y - 10, x + 10, y + 10), fill=WARM[0])
    draw.line([(left, top - 20), (left, bottom), (w - 100, bottom)], fill=INK, width=5)
    return Drawn(
        _png(picture),
        f"Drawn chart: {bars} blue and red bars on a cream ground, with a rising ochre trend line",
    )


def _shapes(seed: str) -> Drawn:
    rng = _rng(seed)
    w, h = SIZE
    picture = Image.new("RGB", SIZE, SEA[0])
    layer = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(rng.randint(7, 11)):
        colour = (*rng.choice(LAND + WARM + [PAPER]), rng.randint(120, 220))
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        size = rng.uniform(0.12, 0.45) * h
        if rng.random() < 0.5:
            draw.ellipse((x - size, y - size, x + size, y + size), fill=colour)
        else:
            draw.rectangle((x - size, y - size * 0.6, x + size, y + size * 0.6), fill=colour)
    for i in range(6):
        y = h * (0.2 + 0.12 * i)
        draw.line([(0, y), (w, y - h * 0.3)], fill=(*PAPER, 90), width=3)
    picture.paste(layer, (0, 0), layer)
    return Drawn(
        _png(picture),
        "Geometric composition: overlapping circles and rectangles in sand, ochre and red "
        "on dark blue, crossed by thin diagonal lines",
    )


STYLES = (_map, _chart, _shapes)


@lru_cache(maxsize=256)  # a test run loads the demo many times: draw each picture once
def article_picture(slug: str) -> Drawn:
    """An article's picture: its style, like its drawing, follows from the slug."""
    return STYLES[_rng(f"style:{slug}").randrange(len(STYLES))](slug)


@lru_cache(maxsize=64)
def hub_picture(slug: str) -> Drawn:
    return _map(f"hub:{slug}")


@lru_cache(maxsize=64)
def portrait(name: str) -> Drawn:
    """A monogram portrait: initials on a coloured disc, over a drawn head and shoulders."""
    rng = _rng(f"author:{name}")
    size = 800
    picture = Image.new("RGB", (size, size), rng.choice(SEA))
    draw = ImageDraw.Draw(picture)
    shade = rng.choice(LAND)
    draw.ellipse((size * 0.3, size * 0.14, size * 0.7, size * 0.56), fill=shade)
    draw.pieslice((size * 0.1, size * 0.6, size * 0.9, size * 1.4), 180, 360, fill=shade)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    font = ImageFont.load_default(size=150)
    draw.text((size * 0.5, size * 0.8), initials, font=font, fill=ACCENT, anchor="mm")
    return Drawn(
        _png(picture),
        f"Drawn portrait of {name}: a head-and-shoulders silhouette with the initials {initials}",
    )


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG", compress_level=1)
    return out.getvalue()

"""Responsive image markup: `<picture>` with an AVIF (or WebP) source and a JPEG `<img>`
carrying `srcset`, `sizes`, `width`, `height`, `loading` and `decoding`.

Pure apart from the storage's `url()`, which for local files (and S3 without signed
URLs) is string work: no file is touched and no query is made while a page renders.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from django.core.files.storage import default_storage
from markupsafe import Markup

from dossiers.media import imaging
from dossiers.media.renditions import MIME, SPECS, Rendition, spec_renditions
from dossiers.media.selectors import ImageRef


def _srcset(items: list[Rendition]) -> str:
    return ", ".join(f"{default_storage.url(r.name)} {r.width}w" for r in items)


# The markup of one image, crop and layout is always the same (a changed image is another
# ImageRef): each worker builds it once, not on every page that shows the card.
@lru_cache(maxsize=8192)
def picture(
    ref: ImageRef,
    spec: str,
    *,
    sizes: str = "100vw",
    lazy: bool = True,
    css_class: str = "",
    alt: str | None = None,
) -> Markup:
    """The image at every width of a spec ("card", "wide", "body", "square")."""
    made = spec_renditions(ref.source, SPECS[spec], imaging.modern_format())
    jpeg = [r for r in made if r.format == "jpg"]
    modern = [r for r in made if r.format != "jpg"]
    largest = jpeg[-1]
    text = ref.alt if alt is None else alt
    attrs = [
        f'src="{escape(default_storage.url(largest.name))}"',
        f'srcset="{escape(_srcset(jpeg))}"',
        f'sizes="{escape(sizes)}"',
        f'width="{largest.width}"',
        f'height="{largest.height}"',
        f'alt="{escape(text)}"',
        'decoding="async"',
    ]
    if lazy:
        attrs.append('loading="lazy"')
    else:
        attrs.append('fetchpriority="high"')
    if css_class:
        attrs.append(f'class="{escape(css_class)}"')
    source = (
        f'<source type="{MIME[modern[0].format]}" srcset="{escape(_srcset(modern))}" '
        f'sizes="{escape(sizes)}">'
        if modern
        else ""
    )
    # Every value above is escaped (or a number, or a name of ours).
    return Markup(f"<picture>{source}<img {' '.join(attrs)}></picture>")  # noqa: S704


def social_url(ref: ImageRef) -> tuple[str, int, int]:
    """The 1200×630 JPEG crop for og:image and twitter:image: (URL, width, height).
    The URL is the storage's (relative for local files: make it absolute)."""
    rendition = spec_renditions(ref.source, SPECS["social"], imaging.modern_format())[0]
    return default_storage.url(rendition.name), rendition.width, rendition.height


def credit_line(ref: ImageRef) -> str:
    return ref.credit


_LOCAL_MEDIA = re.compile(r'(?<=[\s",=])/media/')


def absolute_media_urls(fragment: str, site_root: str) -> str:
    """HTML with the library's local addresses (`/media/…` in `src` and `srcset`) made
    absolute: feeds are read away from the site."""
    if "/media/" not in fragment:
        return fragment
    return _LOCAL_MEDIA.sub(site_root.rstrip("/") + "/media/", fragment)

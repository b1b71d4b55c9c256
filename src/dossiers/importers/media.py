"""Images of an imported site brought into the media library.

An imported body points at the old site's files (`https://old.example/wp-content/
uploads/2013/03/boat-300x200.jpg`). With a local copy of the uploads folder
(`--media-dir`) or, when asked (`--fetch-media`), through the safe fetcher (timeouts,
size cap, no private addresses), each file becomes a library image (once: re-imports
find it by its address) and the body refers to it as `media:ID`, which the article's
save turns into responsive markup. WordPress's resized copies (`-300x200`) lead to the
original. Links to a picture file go to the library's copy. A file that cannot be had
is reported, and the import goes on with the old address left in place.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from dossiers.core.config import conf
from dossiers.core.validation import error_text
from dossiers.importers import items
from dossiers.importers.errors import ImportRefused
from dossiers.importers.fetch import fetch
from dossiers.importers.report import ImportReport
from dossiers.media.models import Image
from dossiers.media.services import image_upload

_IMG = re.compile(r"<img\b[^>]*>", re.I)
_A = re.compile(r'<a\b([^>]*?)\bhref="([^"]+)"', re.I)
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
_SIZED = re.compile(r"-\d{1,5}x\d{1,5}(?=\.[A-Za-z0-9]{2,5}$)")
_PICTURE_FILE = re.compile(r"\.(jpe?g|png|gif|webp|avif)$", re.I)
UPLOADS = "/wp-content/uploads/"


@dataclass(frozen=True)
class MediaOptions:
    directory: Path | None = None  # a copy of wp-content/uploads
    fetch: bool = False  # else fetch from the old site (http(s), public addresses only)

    @property
    def active(self) -> bool:
        return self.directory is not None or self.fetch


@dataclass
class MediaImporter:
    options: MediaOptions
    report: ImportReport
    found: dict[str, int | None] = field(default_factory=dict)  # address: image id or None
    unreachable: set[str] = field(default_factory=set)  # hosts that did not answer

    def localise(self, post: items.Post) -> items.Post:
        """The post with its images in the library: body and featured image."""
        featured = post.featured_image
        if featured and not featured.startswith("media:"):
            # First: the attachment's own alt text is better than one made from a file name.
            image_id = self.image_for(featured, alt=post.featured_alt, caption="")
            featured = f"media:{image_id}" if image_id else featured
        body = _IMG.sub(self._img, post.body)
        body = _A.sub(self._link, body)
        return replace(post, body=body, featured_image=featured)

    def _img(self, match: re.Match[str]) -> str:
        tag = match.group(0)
        attrs = {k.lower(): html.unescape(v) for k, v in _ATTR.findall(tag)}
        src = attrs.get("src", "")
        if not src.startswith(("http://", "https://", "/")):
            return tag
        image_id = self.image_for(src, alt=attrs.get("alt", ""), caption="")
        if image_id is None:
            return tag
        # Not the title: WordPress fills it with the file's name, and in the library's
        # syntax a title is a caption (a [caption] is already a figcaption).
        kept = {k: v for k, v in attrs.items() if k in ("alt", "class")}
        rest = "".join(f' {k}="{html.escape(v)}"' for k, v in kept.items())
        return f'<img src="media:{image_id}"{rest}>'

    def _link(self, match: re.Match[str]) -> str:
        """A link to a picture file (the full size behind a thumbnail) goes to the library."""
        before, href = match.group(1), html.unescape(match.group(2))
        if not _PICTURE_FILE.search(urlsplit(href).path) or href not in self.found:
            return match.group(0)
        image_id = self.found[href]
        if image_id is None:
            return match.group(0)
        name = Image.objects.filter(pk=image_id).values_list("file", flat=True).first()
        if not name:
            return match.group(0)
        return f'<a{before}href="{html.escape(default_storage.url(name))}"'

    def image_for(self, url: str, *, alt: str, caption: str) -> int | None:
        """The library's image for an address of the old site (imported once), or None
        when its file cannot be had (reported)."""
        original = _SIZED.sub("", url)
        for address in (url, original):
            if address in self.found:
                return self.found[address]
        known = (
            Image.objects.filter(source_url__in=[original, url])
            .order_by("-source_url")  # the original first
            .values_list("pk", flat=True)
            .first()
        )
        if known is not None:
            self.found[url] = known
            return known
        source, (data, reason) = original, self._read(original)
        if data is None and original != url:
            source, (data, reason) = url, self._read(url)
        image_id = None
        if data is None:
            self.report.add("failed", "image", url[:200], reason)
        else:
            try:
                image = image_upload(
                    data=data,
                    alt=alt or _alt_from(original),
                    title=Path(urlsplit(original).path).stem[:200],
                    caption=caption,
                    source_url=source,
                    make_renditions=False,  # on their first request: the import stays quick
                )
            except ValidationError as error:
                self.report.add("failed", "image", url[:200], error_text(error))
            else:
                image_id = image.pk
                if image.source_url == source:
                    self.report.add("created", "image", url[:200])
                else:  # the same picture under another address: one image
                    self.report.add("skipped", "image", url[:200], "the same picture again")
        # The original's address stands for this image only if that is what was read
        # ("photo-150x150.jpg" may be a picture of its own, with no "photo.jpg").
        self.found[url] = image_id
        if source == original:
            self.found[original] = image_id
        return image_id

    def _read(self, url: str) -> tuple[bytes | None, str]:
        if self.options.directory is not None:
            path = _local_path(self.options.directory, url)
            if path is None:
                return None, "no file name in the address"
            try:
                if path.stat().st_size > conf().media_max_mb * 1024 * 1024:
                    return None, f"larger than {conf().media_max_mb} MB"
                return path.read_bytes(), ""
            except OSError:
                if not self.options.fetch:
                    return None, f"no file {path} in --media-dir"
        if not self.options.fetch:
            return None, "not fetched (give --media-dir or --fetch-media)"
        host = urlsplit(url).netloc
        if host in self.unreachable:
            return None, f"{host} did not answer before: not tried again"
        try:
            fetched = fetch(
                url,
                limit=conf().media_max_mb * 1024 * 1024,
                timeout=conf().feed_fetch_timeout,
            )
        except ImportRefused as error:
            message = str(error)
            if "answered" not in message:  # no answer at all: the host is down or unknown
                self.unreachable.add(host)
            return None, message
        return fetched.body, ""


def _local_path(directory: Path, url: str) -> Path | None:
    """Where a copy of the uploads folder keeps the file of an address: the part after
    `/wp-content/uploads/` (self-hosted), else the whole path (`/2008/06/boat.jpg` on a
    wordpress.com files host). Never outside the folder."""
    path = unquote(urlsplit(url).path)
    rest = path.split(UPLOADS, 1)[1] if UPLOADS in path else path.lstrip("/")
    if not rest:
        return None
    candidate = (directory / rest).resolve()
    if directory.resolve() not in candidate.parents:  # "../" in an address
        return None
    return candidate


def _alt_from(url: str) -> str:
    """An alt text for an image the old site gave none: its file name in words."""
    stem = Path(unquote(urlsplit(url).path)).stem
    words = re.sub(r"[-_]+", " ", stem).strip()
    return f"Image: {words}" if words else "Image"

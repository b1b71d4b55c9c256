"""`dossiers export site DIR`: the phases, collect -> render -> write, and their summary.

Rendering runs in worker processes (forked, each with its own database connection and the
export's settings, `render.export_session`); the parent only writes, through the one
`SafeWriter`, so double writes and paths outside DIR are caught in one place. Pages are
rendered in rounds: the seeds (`collect`), then whatever internal address they link to
that is not exported yet, until nothing new is linked. Static files and media that pages
and stylesheets use are copied from their storages.

Incremental: the manifest records each file's content hash and a fingerprint of everything
the pages are made from (the content token, which moves with any edit or due publication;
the export's options; the code and templates; the settings). Nothing changed: nothing is
rendered or written. Otherwise every page is rendered and only those whose bytes changed
are written.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.db import connections
from django.urls import get_resolver
from django.utils import timezone

import dossiers
from dossiers.core.freshness import content_token
from dossiers.export.collect import seed_paths
from dossiers.export.links import file_name, internal_links
from dossiers.export.render import Rendered, Renderer, Target, export_session
from dossiers.export.writer import Manifest, SafeWriter
from dossiers.media.services import rendition_ensure

# Addresses that belong to the live site only (or are not pages): never exported, and
# links to them are not broken links.
LIVE_ONLY = ("search/", "api/", "preview/", "favicon.ico")
CHUNK = 50


@dataclass
class Outcome:
    pages: int = 0  # HTML pages
    files: int = 0  # every file written or kept, pages included
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: bool = False  # nothing changed since the last run: nothing rendered
    seconds: float = 0.0
    missing: dict[str, int] = field(default_factory=dict)  # linked, not exportable -> status

    def summary(self) -> str:
        rate = self.pages / self.seconds if self.seconds else 0.0
        if self.skipped:
            return (
                f"nothing changed since the last export: {self.files} files kept, "
                f"none rendered or written, in {self.seconds:.2f} s"
            )
        return (
            f"{self.pages} pages, {self.files} files: {self.written} written, "
            f"{self.unchanged} unchanged, {self.removed} removed, in {self.seconds:.1f} s "
            f"({rate:,.0f} pages/s)"
        )


Progress = Callable[[int, int], None]  # done, known so far


def export_site(
    root: Path, *, target: Target, jobs: int = 0, progress: Progress | None = None
) -> Outcome:
    started = time.perf_counter()
    outcome = Outcome()
    previous = Manifest.load(root)
    fingerprint = _fingerprint(target)
    if previous.fingerprint == fingerprint and previous.files and previous.complete(root):
        outcome.skipped, outcome.files = True, len(previous.files)
        outcome.seconds = time.perf_counter() - started
        return outcome
    writer = SafeWriter(root, previous)
    jobs = jobs or os.cpu_count() or 1
    with export_session(target) as renderer:
        seeds = seed_paths(now=timezone.now())
        not_found = _error_page(renderer)
        writer.write(not_found.name, not_found.content)
        assets = _render_all(renderer, seeds, writer, outcome, jobs=jobs, progress=progress)
        assets |= {path for path in not_found.links if _asset(path, target)}
        _copy_assets(assets, target, writer, outcome)
    outcome.removed = writer.prune()
    writer.finish(fingerprint)
    outcome.files = len(writer.written)
    outcome.written, outcome.unchanged = writer.changed, writer.unchanged
    outcome.seconds = time.perf_counter() - started
    return outcome


def _error_page(renderer: Renderer) -> Rendered:
    handler = get_resolver().resolve_error_handler(404)
    request = renderer.factory.get("/404.html", secure=renderer.secure)
    # Django calls the 404 handler with the exception too (typed as a 1-argument view).
    response = handler(request, None)  # type: ignore[call-arg]
    response.status_code = 200
    return renderer.rendered(renderer.target.prefix + "404.html", "404.html", response)


def _exportable(path: str, target: Target) -> bool:
    inside = path.removeprefix(target.prefix)
    if not path.startswith(target.prefix) or inside.startswith(LIVE_ONLY):
        return False
    return not _asset(path, target)


def _asset(path: str, target: Target) -> bool:
    """A static file or a media file (copied from its storage, not rendered)."""
    inside = path.removeprefix(target.prefix)
    return path.startswith(target.prefix) and (
        inside.startswith(target.static) or (bool(target.media) and inside.startswith(target.media))
    )


def _render_all(
    renderer: Renderer,
    seeds: list[str],
    writer: SafeWriter,
    outcome: Outcome,
    *,
    jobs: int,
    progress: Progress | None,
) -> set[str]:
    """Render the seeds, then what they link to, round after round; write each page.
    Returns the static and media addresses the pages use."""
    target = renderer.target
    seen = set(seeds)
    pending = list(seeds)
    assets: set[str] = set()
    done = 0
    with _rendering(renderer, jobs) as render_many:
        while pending:
            linked: set[str] = set()
            for page in render_many(pending):
                done += 1
                if progress is not None:
                    progress(done, len(seen))
                if page.status != 200:
                    outcome.missing[page.path] = page.status
                    continue
                writer.write(page.name, page.content)
                if page.name.endswith(".html"):
                    outcome.pages += 1
                linked |= page.links
            fresh = {path for path in linked - seen if _exportable(path, target)}
            assets |= {path for path in linked if _asset(path, target)}
            seen |= fresh
            pending = sorted(fresh)
    return assets


# The renderer of the worker processes, set once per process by _start_worker.
_worker: Renderer | None = None


def _start_worker(target: Target) -> None:
    global _worker
    session = export_session(target)
    _worker = session.__enter__()  # held until the process ends


def _render_chunk(paths: list[str]) -> list[Rendered]:
    assert _worker is not None
    return [_worker.render(path) for path in paths]


class _rendering:
    """`render_many(paths)` in this process (jobs=1) or in a pool of forked workers."""

    def __init__(self, renderer: Renderer, jobs: int) -> None:
        self.renderer, self.jobs = renderer, jobs
        self.pool: multiprocessing.pool.Pool | None = None

    def __enter__(self) -> Callable[[list[str]], Iterable[Rendered]]:
        if self.jobs > 1:
            # Forked children must not share the parent's database connection.
            connections.close_all()
            context = multiprocessing.get_context("fork")
            self.pool = context.Pool(
                self.jobs, initializer=_start_worker, initargs=(self.renderer.target,)
            )
        return self.render_many

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()

    def render_many(self, paths: list[str]) -> Iterator[Rendered]:
        if self.pool is None:
            for path in paths:
                yield self.renderer.render(path)
            return
        chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
        for chunk in self.pool.imap_unordered(_render_chunk, chunks):
            yield from chunk


def _copy_assets(assets: set[str], target: Target, writer: SafeWriter, outcome: Outcome) -> None:
    """Static files (as the pages name them: hashed after collectstatic) and media, and
    what stylesheets use in turn (fonts, images)."""
    pending, seen = sorted(assets), set(assets)
    while pending:
        path = pending.pop()
        name = file_name(path, target.prefix)
        content = _asset_bytes(path, target)
        if content is None:
            outcome.missing[path] = 404
            continue
        writer.write(name, content)
        if name.endswith(".css"):
            used = internal_links(content, name=name, url=target.origin + path, root=target.root)
            pending += sorted(used - seen)
            seen |= used


def _asset_bytes(path: str, target: Target) -> bytes | None:
    inside = unquote(path).removeprefix(target.prefix)
    if inside.startswith(target.static):
        name = inside.removeprefix(target.static)
        if staticfiles_storage.exists(name):  # collected (hashed names)
            with staticfiles_storage.open(name) as handle:
                return bytes(handle.read())
        found = finders.find(name)
        return Path(found).read_bytes() if isinstance(found, str) else None
    name = inside.removeprefix(target.media)
    if not default_storage.exists(name):
        # A rendition is made once, on first need: an export may be its first reader.
        rendition_ensure(name=name)
    if default_storage.exists(name):
        with default_storage.open(name) as handle:
            return bytes(handle.read())
    return None


def _fingerprint(target: Target) -> str:
    """Everything the pages are made of, cheaply: if it is the last run's, nothing changed."""
    code = hashlib.blake2b(digest_size=16)
    package = Path(dossiers.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".html", ".css", ".js", ".svg"}:
            stat = path.stat()
            code.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    manifest = Path(settings.STATIC_ROOT or ".") / "staticfiles.json"
    if manifest.is_file():
        code.update(manifest.read_bytes())
    parts = [
        content_token(),
        repr(target),
        repr(sorted(settings.DOSSIERS.items())),
        settings.STATIC_URL,
        code.hexdigest(),
        sys.version,
    ]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()

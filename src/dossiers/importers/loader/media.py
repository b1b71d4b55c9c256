"""A post's images: into the media library when the import was given a way to read them
(`--media-dir`, `--fetch-media`), else left on the old site as they were."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from dossiers.importers import items
from dossiers.importers.loader.state import State
from dossiers.importers.media import MediaImporter, MediaOptions
from dossiers.importers.wordpress.media import Attachment, featured


def _importer(state: State) -> MediaImporter | None:
    if state.media is None:
        options = MediaOptions(
            directory=Path(state.options.media_dir) if state.options.media_dir else None,
            fetch=state.options.fetch_media,
        )
        if not options.active or state.options.dry_run:
            return None
        state.media = MediaImporter(options, state.report)
    return state.media


def post_media(state: State, post: items.Post) -> items.Post:
    importer = _importer(state)
    if importer is not None:
        post = importer.localise(post)
    if post.featured_image and not post.featured_image.startswith("media:"):
        # Not in the library: shown above the text, from the old site, as before.
        figure = featured(Attachment(0, post.featured_image, post.featured_alt))
        body = f"{figure}\n{post.body}" if post.body else figure
        post = replace(post, body=body, featured_image="")
    return post

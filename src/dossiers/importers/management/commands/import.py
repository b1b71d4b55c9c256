"""`dossiers import wxr|feed|markdown SOURCE`: content from other platforms, via the services."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dossiers.importers import feeds, markdown, wordpress
from dossiers.importers.errors import ImportRefused
from dossiers.importers.loader import LoadOptions, load
from dossiers.importers.report import ImportReport


class Command(BaseCommand):
    help = (
        "Import content: a WordPress export (wxr FILE), a feed (feed FILE_OR_URL: RSS, Atom, "
        "JSON Feed) or a folder of Markdown files with front matter (markdown DIR). Re-running "
        "updates what was imported before; nothing is written if the source is unreadable."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="format", required=True, metavar="wxr|feed|markdown")
        wxr = sub.add_parser("wxr", help="a WordPress export (Tools → Export), WXR 1.0 to 1.2")
        wxr.add_argument("source", help="the .xml file")
        wxr.add_argument(
            "--pages", action="store_true", help="import pages as articles (default: skip them)"
        )
        wxr.add_argument(
            "--tags-as",
            choices=("entities", "hubs"),
            default="entities",
            help="tags become entities (default) or hubs; categories always become hubs",
        )
        wxr.add_argument(
            "--media-dir",
            default="",
            help="a copy of the old site's wp-content/uploads: its images go into the media "
            "library (featured images, images in the text, galleries)",
        )
        wxr.add_argument(
            "--fetch-media",
            action="store_true",
            help="fetch the images from the old site (when it is still online; files not in "
            "--media-dir too)",
        )
        feed = sub.add_parser("feed", help="an RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed")
        feed.add_argument("source", help="a file or an http(s) URL")
        feed.add_argument(
            "--undated",
            choices=("draft", "now", "skip"),
            default="draft",
            help="items without a date: drafts to date (default), dated now, or skipped",
        )
        feed.add_argument("--author", default="", help="byline for items that name no author")
        markdown = sub.add_parser("markdown", help="a folder of .md files (Hugo, Jekyll, Pelican)")
        markdown.add_argument("source", help="the folder")
        for each in (wxr, feed, markdown):
            each.add_argument(
                "--dry-run", action="store_true", help="report what would change; save nothing"
            )
            each.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["format"]
        load_options = LoadOptions(
            dry_run=options["dry_run"],
            tags_as=options.get("tags_as", "entities"),
            undated=options.get("undated", "draft"),
            default_author=options.get("author", ""),
            match_slug=kind == "markdown",
            media_dir=options.get("media_dir") or "",
            fetch_media=bool(options.get("fetch_media")),
        )
        try:
            if kind == "wxr":
                path = Path(options["source"])
                records = wordpress.read(path, pages=options["pages"])
            elif kind == "feed":
                records = feeds.read(options["source"])
            else:
                records = markdown.read(Path(options["source"]))
            report = self._run(records, load_options, progress=not options["no_progress"])
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(report.as_text())
        self.stdout.write(f"  {report.seconds:.1f} s")

    def _run(self, records: Any, options: LoadOptions, *, progress: bool) -> ImportReport:
        if not progress:
            return load(records, options=options)
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        with Progress(
            TextColumn("[bold]importing[/bold]"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            transient=True,
        ) as bar:
            task = bar.add_task("import", total=None)

            def advance(done: int, total: int | None) -> None:
                bar.update(task, completed=done, total=total)

            return load(records, options=options, progress=advance)

"""`dossiers export markdown DIR` (the importers' Markdown export) and `dossiers export site
DIR`: the public site as static files (dossiers.export.site)."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dossiers.export.render import target_from
from dossiers.export.site import export_site
from dossiers.export.writer import UnsafePath
from dossiers.importers.markdown import ExportRefused, export


class Command(BaseCommand):
    help = (
        "Export content: markdown DIR writes one <slug>.md per article and authors.yaml; "
        "site DIR writes the public site as static files."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="format", required=True, metavar="markdown|site")
        markdown = sub.add_parser("markdown", help="a folder of .md files with YAML front matter")
        markdown.add_argument("target", help="the folder (created; must be empty)")
        markdown.add_argument("--force", action="store_true", help="write into a non-empty folder")
        site = sub.add_parser("site", help="the public site as files any web server serves")
        site.add_argument("target", help="the folder (created; a later run updates it)")
        site.add_argument(
            "--base-url",
            help="where the copy will be served: https://example.org/sub/ or a path, /sub/ "
            "(default: DOSSIERS_SITE_URL, else /)",
        )
        site.add_argument(
            "--live-url",
            help="the live site, for search and comments (default: DOSSIERS_SITE_URL; "
            "none: both are left out of the copy, with a note)",
        )
        site.add_argument(
            "--jobs", type=int, default=0, help="worker processes (default: one per core)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["format"] == "site":
            self._site(options)
            return
        try:
            count = export(Path(options["target"]), force=options["force"])
        except ExportRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{count} articles written to {options['target']}")

    def _site(self, options: dict[str, Any]) -> None:
        if options["jobs"] < 0:
            raise CommandError("--jobs is a number of processes: 1 or more (0: one per core).")
        target = target_from(base_url=options["base_url"], live_url=options["live_url"])
        console = Console(stderr=True)
        # A bar on a terminal; nothing in a log or a pipe.
        bar = Progress(
            TextColumn("exporting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not console.is_terminal,
            transient=True,
        )
        with bar:
            task = bar.add_task("export", total=None)
            try:
                outcome = export_site(
                    Path(options["target"]),
                    target=target,
                    jobs=options["jobs"] or os.cpu_count() or 1,
                    progress=lambda done, known: bar.update(task, completed=done, total=known),
                )
            except UnsafePath as error:
                raise CommandError(str(error)) from None
        if outcome.missing:
            sample = ", ".join(f"{p} ({s})" for p, s in sorted(outcome.missing.items())[:5])
            self.stderr.write(
                f"{len(outcome.missing)} linked addresses could not be exported: {sample}"
            )
        if not target.live_url:
            self.stdout.write("no live site (--live-url): search and comments left out")
        self.stdout.write(outcome.summary() + f" -> {options['target']}")

"""`dossiers export markdown DIR`: every article as a Markdown file with front matter."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dossiers.importers.markdown import ExportRefused, export


class Command(BaseCommand):
    help = "Export content: markdown DIR writes one <slug>.md per article and authors.yaml."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="format", required=True, metavar="markdown")
        markdown = sub.add_parser("markdown", help="a folder of .md files with YAML front matter")
        markdown.add_argument("target", help="the folder (created; must be empty)")
        markdown.add_argument("--force", action="store_true", help="write into a non-empty folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = export(Path(options["target"]), force=options["force"])
        except ExportRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{count} articles written to {options['target']}")

"""`dossiers search rebuild | status`: the search index, for operators."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from dossiers.search.backends import backend_path, get_backend
from dossiers.search.indexing import index_catch_up, index_rebuild, stale_article_ids


class Command(BaseCommand):
    help = (
        "The search index: `rebuild` empties it and indexes every published article again; "
        "`catch-up` indexes only what is missing or out of date; `status` reports."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "catch-up", "status"])
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        problems = get_backend().problems()
        if problems:
            raise CommandError(" ".join(problems))
        if action == "status":
            self._status()
        elif action == "catch-up":
            started = time.perf_counter()
            count = index_catch_up()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Synced {count} articles in {time.perf_counter() - started:.1f} s."
                )
            )
        else:
            self._rebuild(options["no_progress"])

    def _status(self) -> None:
        backend = get_backend()
        stale = stale_article_ids()
        self.stdout.write(f"Backend: {backend.label} ({backend_path()})")
        self.stdout.write(f"Indexed articles: {backend.document_count()}")
        self.stdout.write(
            f"Out of date or missing: {len(stale)}"
            + (" (run `dossiers search catch-up`)" if stale else "")
        )

    def _rebuild(self, quiet: bool) -> None:
        started = time.perf_counter()
        columns = (
            TextColumn("indexing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("articles"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, disable=quiet, transient=False) as bar:
            task = bar.add_task("index", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            count = index_rebuild(progress=progress)
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {count} articles in {seconds:.1f} s ({get_backend().label})."
            )
        )

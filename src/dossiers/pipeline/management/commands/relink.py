import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from dossiers.pipeline.services import archive_derive


class Command(BaseCommand):
    help = (
        "Re-link articles to the knowledge base and recollect every hub. By default only "
        "articles linked with an older knowledge base; --all for every article."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="re-link every article")
        parser.add_argument(
            "--jobs",
            type=int,
            default=0,
            help="worker processes for the linking (default: DOSSIERS_RELINK_JOBS, else one "
            "per core)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        columns = (
            TextColumn("re-linking"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("articles"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, disable=options["no_progress"], transient=False) as bar:
            task = bar.add_task("relink", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            count = archive_derive(
                everything=options["all"],
                progress=progress,
                jobs=options["jobs"] or None,
                reason="dossiers relink",
            )
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Re-linked {count} articles in {seconds:.1f} s; hubs recollected.")
        )

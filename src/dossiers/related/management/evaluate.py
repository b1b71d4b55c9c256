"""`dossiers eval related DIR`: the BBC News evaluation of related analyses, printed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from dossiers.related.evaluation import Evaluation, evaluate, read_bbc, throwaway_database

TARGET = 0.85


class RelatedEvaluation:
    help = (
        "share of related analyses in the source story's category, on the BBC News corpus, "
        "imported into a throw-away database"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="the bbc-news folder (one per category)")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--per-article", type=int, default=5, help="related analyses scored per story"
        )
        parser.add_argument(
            "--sample", type=int, default=0, help="only this many stories, spread over categories"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        run(command, options)


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    if options["per_article"] < 1:
        raise CommandError("--per-article must be at least 1")
    try:
        stories = read_bbc(options["directory"], sample=options["sample"])
    except (FileNotFoundError, NotADirectoryError) as error:
        raise CommandError(str(error)) from None
    columns = (TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, disable=options["no_progress"], transient=True) as bar:
        tasks: dict[str, Any] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        with throwaway_database():
            result = evaluate(stories, per_article=options["per_article"], progress=progress)
    if options["json"]:
        command.stdout.write(json.dumps(as_dict(result), indent=2))
        return
    for line in report(result):
        command.stdout.write(line)


def as_dict(result: Evaluation) -> dict[str, Any]:
    return {
        "corpus": "BBC News",
        "stories": result.stories,
        "per_article": result.per_article,
        "incremental": {
            "micro": round(result.incremental.micro, 4),
            "per_category": {c: round(v, 4) for c, v in result.incremental.per_category().items()},
        },
        "rebuilt": {
            "micro": round(result.rebuilt.micro, 4),
            "per_category": {c: round(v, 4) for c, v in result.rebuilt.per_category().items()},
        },
        "agreement": round(result.agreement, 4),
        "save_seconds": round(result.save_seconds, 2),
        "rebuild_seconds": round(result.rebuild_seconds, 2),
        "target": TARGET,
    }


def report(result: Evaluation) -> list[str]:
    shown = sum(result.incremental.shown.values())
    lines = [
        f"BBC News: {result.stories} stories saved one by one in {result.save_seconds:.1f} s "
        f"(incremental path), then rebuilt in {result.rebuild_seconds:.1f} s (bulk path); "
        f"{shown} related analyses shown (up to {result.per_article} per story)",
        f"{'category':<14} {'incremental':>11} {'rebuilt':>8}",
    ]
    rebuilt = result.rebuilt.per_category()
    for category, value in result.incremental.per_category().items():
        lines.append(f"{category:<14} {value:>11.3f} {rebuilt.get(category, 0.0):>8.3f}")
    met = "met" if min(result.incremental.micro, result.rebuilt.micro) >= TARGET else "not met"
    lines.append(
        f"{'all (micro)':<14} {result.incremental.micro:>11.3f} {result.rebuilt.micro:>8.3f}"
        f"   target ≥ {TARGET:.2f}: {met}"
    )
    lines.append(f"lists identical between the two paths: {result.agreement:.1%} of shown entries")
    return lines

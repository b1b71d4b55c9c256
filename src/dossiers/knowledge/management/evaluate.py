"""`dossiers eval reuters DIR`: entity linking scored on Reuters-21578, printed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dossiers.knowledge.evaluation import FAMILIES, RULES, TEST_FILES, evaluate

TARGETS = {"places": 0.92, "orgs": 0.88, "people": 0.82}
MIN_PRECISION = 0.88


class ReutersEvaluation:
    help = (
        "document-level PLACES, ORGS and PEOPLE on Reuters-21578 (reut2-004..007; "
        "the rules were tuned on 000..003)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="the folder with reut2-*.sgm")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--files",
            nargs="+",
            default=list(TEST_FILES),
            help="the .sgm files to score (default: reut2-004..007)",
        )

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        directory: Path = options["directory"]
        try:
            result = evaluate(directory, options["files"])
        except FileNotFoundError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            payload = {
                "corpus": "Reuters-21578",
                "files": result.files,
                "stories": result.stories,
                "seconds": round(result.seconds, 2),
                "families": {f: result.scores[f].as_dict() for f in FAMILIES},
                "rules": {f: vars(RULES[f]) for f in FAMILIES},
            }
            command.stdout.write(json.dumps(payload, indent=2))
            return
        command.stdout.write(
            f"Reuters-21578 {', '.join(result.files)}: {result.stories} stories "
            f"in {result.seconds:.1f} s"
        )
        command.stdout.write(f"{'family':<8} {'precision':>9} {'recall':>7} {'F1':>6}   target")
        for family in FAMILIES:
            score = result.scores[family]
            met = score.f1 >= TARGETS[family] and score.precision >= MIN_PRECISION
            command.stdout.write(
                f"{family.upper():<8} {score.precision:>9.3f} {score.recall:>7.3f} "
                f"{score.f1:>6.3f}   F1 ≥ {TARGETS[family]:.2f}, P ≥ {MIN_PRECISION:.2f}: "
                f"{'met' if met else 'not met'}"
            )

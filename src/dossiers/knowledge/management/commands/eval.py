import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dossiers.knowledge.evaluation import FAMILIES, RULES, TEST_FILES, evaluate

TARGETS = {"places": 0.92, "orgs": 0.88, "people": 0.82}
MIN_PRECISION = 0.88


class Command(BaseCommand):
    help = "Measure entity linking (reuters) or related analyses (related) on a labelled corpus."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="corpus", required=True)
        reuters = sub.add_parser(
            "reuters",
            help="document-level PLACES, ORGS and PEOPLE on Reuters-21578 (reut2-004..007; "
            "the rules were tuned on 000..003)",
        )
        reuters.add_argument("directory", type=Path, help="the folder with reut2-*.sgm")
        reuters.add_argument("--json", action="store_true", help="print JSON")
        reuters.add_argument(
            "--files",
            nargs="+",
            default=list(TEST_FILES),
            help="the .sgm files to score (default: reut2-004..007)",
        )

        related = sub.add_parser(
            "related",
            help="share of related analyses in the source story's category, on the BBC News "
            "corpus, imported into a throw-away database",
        )
        related.add_argument("directory", type=Path, help="the bbc-news folder (one per category)")
        related.add_argument("--json", action="store_true", help="print JSON")
        related.add_argument(
            "--per-article", type=int, default=5, help="related analyses scored per story"
        )
        related.add_argument(
            "--sample", type=int, default=0, help="only this many stories, spread over categories"
        )
        related.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["corpus"] == "related":
            # Related analyses sit above the knowledge base: imported only when asked for.
            from dossiers.related.management.evaluate import run

            run(self, options)
            return
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
            self.stdout.write(json.dumps(payload, indent=2))
            return
        self.stdout.write(
            f"Reuters-21578 {', '.join(result.files)}: {result.stories} stories "
            f"in {result.seconds:.1f} s"
        )
        self.stdout.write(f"{'family':<8} {'precision':>9} {'recall':>7} {'F1':>6}   target")
        for family in FAMILIES:
            score = result.scores[family]
            met = score.f1 >= TARGETS[family] and score.precision >= MIN_PRECISION
            self.stdout.write(
                f"{family.upper():<8} {score.precision:>9.3f} {score.recall:>7.3f} "
                f"{score.f1:>6.3f}   F1 ≥ {TARGETS[family]:.2f}, P ≥ {MIN_PRECISION:.2f}: "
                f"{'met' if met else 'not met'}"
            )

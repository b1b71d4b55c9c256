"""`dossiers eval domain`: "about" and linking on the hand-written domain set, printed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dossiers.demo.domain import (
    PASSAGE_FILES,
    Counts,
    demo_knowledge,
    load_passages,
    score_passages,
)
from dossiers.knowledge.linking import salience_policy

# Both precision and recall of "about" must reach this (issue 12).
ABOUT_TARGET = 0.85


class DomainEvaluation:
    help = (
        '"about" (precision, recall) and linking on the domain set: hand-written passages '
        "linked with the demo knowledge base"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files",
            nargs="*",
            type=Path,
            help="passage files (YAML); default: the checkout's tests/knowledge/data/"
            "passages.yaml and domain.yaml",
        )
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--errors", action="store_true", help="list the passages judged wrongly"
        )

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        files = options["files"] or list(PASSAGE_FILES)
        missing = [str(path) for path in files if not Path(path).is_file()]
        if missing:
            raise CommandError(
                f"No passage file {', '.join(missing)} (the domain set ships with the "
                "source checkout's tests; give the files' paths)"
            )
        policy = salience_policy()
        score = score_passages(demo_knowledge(), load_passages(files), policy)
        about, linking = score.about, score.linking
        if options["json"]:
            payload = {
                "passages": score.passages,
                "policy": {
                    "about": policy.about,
                    "lead_share": policy.lead_share,
                    "lead_max": policy.lead_max,
                    "context": policy.context,
                },
                "about": _figures(about),
                "about_by_kind": {k: _figures(c) for k, c in sorted(score.about_by_kind.items())},
                "linking": _figures(linking),
            }
            command.stdout.write(json.dumps(payload, indent=2))
            return
        out = command.stdout.write
        out(
            f"Domain set: {score.passages} passages; about from salience {policy.about:g}, "
            f"lead {policy.lead_share:g} of the body up to {policy.lead_max} characters"
        )
        out(f"{'':<16} {'precision':>9} {'recall':>7}   (tp, fp, fn)")
        met = about.precision >= ABOUT_TARGET and about.recall >= ABOUT_TARGET
        out(
            f"{'about':<16} {about.precision:>9.3f} {about.recall:>7.3f}   "
            f"({about.tp}, {about.fp}, {about.fn})   both ≥ {ABOUT_TARGET:.2f}: "
            f"{'met' if met else 'not met'}"
        )
        for kind, counts in sorted(score.about_by_kind.items()):
            out(
                f"{'  ' + kind:<16} {counts.precision:>9.3f} {counts.recall:>7.3f}   "
                f"({counts.tp}, {counts.fp}, {counts.fn})"
            )
        out(
            f"{'linking':<16} {linking.precision:>9.3f} {linking.recall:>7.3f}   "
            f"({linking.tp}, {linking.fp}, {linking.fn})"
        )
        if options["errors"]:
            for passage_id, extra, missed in score.errors:
                out(f"  {passage_id}: called about {extra or '-'}; missed {missed or '-'}")


def _figures(counts: Counts) -> dict[str, float | int]:
    return {
        "precision": round(counts.precision, 4),
        "recall": round(counts.recall, 4),
        "tp": counts.tp,
        "fp": counts.fp,
        "fn": counts.fn,
    }

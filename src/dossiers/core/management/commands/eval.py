from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dossiers.core.evaluations import evaluations


class Command(BaseCommand):
    help = "Measure the engine on a labelled corpus (each app contributes its evaluations)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="corpus", required=True)
        for name, evaluation in sorted(evaluations().items()):
            evaluation.add_arguments(sub.add_parser(name, help=evaluation.help))

    def handle(self, *args: Any, **options: Any) -> None:
        evaluations()[options["corpus"]].run(self, options)

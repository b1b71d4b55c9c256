"""Evaluations: `dossiers eval NAME …` measures part of the engine on a labelled corpus.

Apps contribute evaluations on their AppConfig (`evaluations = {"reuters":
"dotted.path.to.Class"}`); core collects them without naming any app.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string


class Evaluation(Protocol):
    help: str

    def add_arguments(self, parser: CommandParser) -> None: ...

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None: ...


def evaluations() -> dict[str, Evaluation]:
    """Every evaluation the installed apps declare, by name."""
    found: dict[str, Evaluation] = {}
    for config in apps.get_app_configs():
        for name, path in getattr(config, "evaluations", {}).items():
            found[name] = import_string(path)()
    return found

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dossiers.knowledge.exchange import (
    KnowledgeImportError,
    entities_export,
    entities_import,
    export_csv,
    export_yaml,
    parse_file,
    wikidata_import,
)
from dossiers.knowledge.suggestions import suggestions_refresh


class Command(BaseCommand):
    help = "The knowledge base: import from Wikidata, export and import CSV or YAML, suggestions."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        wikidata = sub.add_parser(
            "import-wikidata",
            help="create or update entities from Wikidata JSON (a dump, plain, .gz or .bz2, "
            "or Special:EntityData documents); idempotent by QID",
        )
        wikidata.add_argument("files", nargs="+", type=Path)
        wikidata.add_argument(
            "--show-problems", type=int, default=20, help="problems to list (default 20)"
        )
        export = sub.add_parser("export", help="write the knowledge base as CSV or YAML")
        export.add_argument("--format", choices=("csv", "yaml"), default="yaml")
        export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
        load = sub.add_parser(
            "import", help="create or update entities from a CSV or YAML file (all or nothing)"
        )
        load.add_argument("file", type=Path)
        load.add_argument(
            "--dry-run",
            action="store_true",
            help="report what the import would create and change, field by field; save nothing",
        )
        sub.add_parser("suggest", help="look at recent articles for names not in the base")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import-wikidata":
            self._wikidata(options["files"], options["show_problems"])
        elif action == "export":
            records = entities_export()
            text = export_csv(records) if options["format"] == "csv" else export_yaml(records)
            if options["output"]:
                options["output"].write_text(text, encoding="utf-8")
                self.stdout.write(f"{len(records)} entities written to {options['output']}")
            else:
                sys.stdout.write(text)
        elif action == "import":
            path: Path = options["file"]
            try:
                report = entities_import(
                    parse_file(path.name, path.read_bytes()), dry_run=options["dry_run"]
                )
            except OSError as error:
                raise CommandError(f"cannot read {path}: {error}") from None
            except KnowledgeImportError as error:
                raise CommandError(f"nothing imported: {error}") from None
            for line in report.changes:
                self.stdout.write(f"  {line}")
            self.stdout.write(self.style.SUCCESS(f"{path.name}: {report}"))
        elif action == "suggest":
            count = suggestions_refresh()
            self.stdout.write(f"{count} names suggested (see Suggested entities in the admin).")

    def _wikidata(self, files: list[Path], show: int) -> None:
        for path in files:
            if not path.is_file():
                raise CommandError(f"no such file: {path}")
            report = wikidata_import(path)
            style = self.style.SUCCESS if not report.problems else self.style.WARNING
            self.stdout.write(style(f"{path.name}: {report}"))
            for problem in report.problems[:show]:
                self.stdout.write(f"  {problem}")
            if len(report.problems) > show:
                self.stdout.write(f"  … and {len(report.problems) - show} more")

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dossiers.demo.loader import DemoContentError, database_is_empty, load_demo


class Command(BaseCommand):
    help = "Load the demo site (hubs, articles, entities, authors, comments). Safe to run twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="only load when the database has no content yet (used by `make run`)",
        )

    def handle(self, *args: Any, if_empty: bool = False, **options: Any) -> None:
        if if_empty and not database_is_empty():
            self.stdout.write("The database already has content; demo not loaded.")
            return
        try:
            report = load_demo(progress=lambda message: self.stdout.write(f"  {message}"))
        except DemoContentError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Demo site loaded: {report}."))

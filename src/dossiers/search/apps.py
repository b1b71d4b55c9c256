from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dossiers.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from dossiers.search import checks, receivers  # noqa: F401

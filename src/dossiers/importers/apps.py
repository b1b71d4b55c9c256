from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "dossiers.importers"
    label = "importers"
    verbose_name = "Imports"

    def ready(self) -> None:
        # Filed terms (a post's categories and tags) survive every re-link.
        from dossiers.importers import receivers  # noqa: F401

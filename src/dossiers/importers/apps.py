from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "dossiers.importers"
    label = "importers"
    verbose_name = "Imports"

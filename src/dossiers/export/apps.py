from django.apps import AppConfig


class ExportConfig(AppConfig):
    name = "dossiers.export"
    label = "export"
    verbose_name = "Static export"

from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "dossiers.desk"
    label = "desk"
    verbose_name = "Editorial desk"

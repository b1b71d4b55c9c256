from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "dossiers.demo"
    label = "demo"
    verbose_name = "Demo site"

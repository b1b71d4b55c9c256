from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "dossiers.web"
    label = "web"
    verbose_name = "Public site"

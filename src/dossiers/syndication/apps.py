from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "dossiers.syndication"
    label = "syndication"
    verbose_name = "Syndication"

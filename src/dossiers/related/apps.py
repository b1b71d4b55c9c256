from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "dossiers.related"
    label = "related"
    verbose_name = "Related analyses"

    def ready(self) -> None:
        from dossiers.related import receivers  # noqa: F401

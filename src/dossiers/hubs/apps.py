from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "dossiers.hubs"
    label = "hubs"
    verbose_name = "Topic hubs"

    def ready(self) -> None:
        from dossiers.hubs import receivers  # noqa: F401

from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "dossiers.hubs"
    label = "hubs"
    verbose_name = "Hubs"

    def ready(self) -> None:
        from dossiers.hubs import receivers  # noqa: F401
        from dossiers.hubs.services import hub_peer_sets
        from dossiers.knowledge.linking import register_peer_provider

        register_peer_provider(hub_peer_sets)

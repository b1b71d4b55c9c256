from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "dossiers.hubs"
    label = "hubs"
    verbose_name = "Hubs"
    content_models = ("Hub", "HubKeyEntity")

    def ready(self) -> None:
        # Hub key sets help settle ambiguous names: the knowledge base's matcher asks.
        from dossiers.hubs.services import hub_peer_sets
        from dossiers.knowledge.linking import register_peer_provider

        register_peer_provider(hub_peer_sets)

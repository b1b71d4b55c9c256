from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "dossiers.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        from dossiers.knowledge import receivers  # noqa: F401

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "dossiers.publishing"
    label = "publishing"
    verbose_name = "Publishing"
    # Rows readers see (core.apps: writes to them move the content token).
    content_models = ("Author", "Article")

    def ready(self) -> None:
        from dossiers.core.freshness import register_schedule
        from dossiers.publishing.selectors import next_scheduled_publication

        register_schedule(next_scheduled_publication)

from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save

# Saving or deleting a row of these apps may change a public page...
CONTENT_APPS = frozenset({"publishing", "knowledge", "hubs", "comments"})
# ...except rows derived from others, rewritten in bulk by the services (which
# report their changes themselves). Leaving them unconnected keeps Django's
# fast bulk delete for them.
DERIVED_MODELS = frozenset(
    {"knowledge.mention", "knowledge.alias", "knowledge.knowledgeversion",
     "hubs.hubmembership", "publishing.articleauthor",
     # Bookkeeping of the linker, never shown to readers.
     "knowledge.ambiguousmention", "knowledge.articlelinkstate", "knowledge.relinkjob",
     "knowledge.entitysuggestion"}
)  # fmt: skip


def _on_content_write(sender: Any, **kwargs: Any) -> None:
    from dossiers.core.freshness import content_changed

    content_changed()


class CoreConfig(AppConfig):
    name = "dossiers.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Cache invalidation is a side effect: a signal, acted on at commit.
        for model in apps.get_models(include_auto_created=True):
            if (
                model._meta.app_label not in CONTENT_APPS
                or model._meta.label_lower in DERIVED_MODELS
            ):
                continue
            uid = f"core.content_write.{model._meta.label_lower}"
            post_save.connect(_on_content_write, sender=model, dispatch_uid=uid + ".save")
            post_delete.connect(_on_content_write, sender=model, dispatch_uid=uid + ".delete")
            m2m_changed.connect(_on_content_write, sender=model, dispatch_uid=uid + ".m2m")

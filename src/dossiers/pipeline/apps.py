from typing import Any

from django.apps import AppConfig


def _relink_after_knowledge_change(sender: Any, reason: str = "", **kwargs: Any) -> None:
    from dossiers.pipeline.jobs import relink_request

    relink_request(reason=reason or "the knowledge base changed")


class PipelineConfig(AppConfig):
    name = "dossiers.pipeline"
    label = "pipeline"
    verbose_name = "Derivation pipeline"

    def ready(self) -> None:
        from django_tasks.signals import task_enqueued

        from dossiers.knowledge.signals import knowledge_base_changed
        from dossiers.pipeline.worker import task_notify

        # A side effect after commit: articles linked with the old knowledge base are
        # re-linked in the background, whichever path changed it.
        knowledge_base_changed.connect(
            _relink_after_knowledge_change, dispatch_uid="pipeline.relink_after_kb_change"
        )
        # Idle workers on PostgreSQL wait for this notification instead of polling.
        task_enqueued.connect(task_notify, dispatch_uid="pipeline.task_notify")

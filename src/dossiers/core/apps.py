from typing import Any

from django.apps import AppConfig, apps
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save


def _on_content_write(sender: Any, **kwargs: Any) -> None:
    from dossiers.core.freshness import content_changed

    content_changed()


def content_models() -> list[type[Model]]:
    """The models whose rows readers see, as each app declares them on its AppConfig
    (`content_models = ("Article", …)`), with their many-to-many tables.

    Rows derived from others (mentions, memberships, bylines) are not declared: the
    services that rewrite them in bulk move the token themselves, and leaving them
    unconnected keeps Django's fast bulk delete.
    """
    found: list[type[Model]] = []
    for config in apps.get_app_configs():
        for name in getattr(config, "content_models", ()):
            model = config.get_model(name, require_ready=False)
            if model is None:
                raise LookupError(f"{config.label}.content_models names no model {name!r}")
            found.append(model)
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                if through is not None and through._meta.auto_created:
                    found.append(through)
    return found


class CoreConfig(AppConfig):
    name = "dossiers.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from dossiers.core import checks  # noqa: F401  (registers the deployment checks)

        # Cache invalidation is a side effect: a signal, written in the writer's transaction.
        for model in content_models():
            uid = f"core.content_write.{model._meta.label_lower}"
            post_save.connect(_on_content_write, sender=model, dispatch_uid=uid + ".save")
            post_delete.connect(_on_content_write, sender=model, dispatch_uid=uid + ".delete")
            m2m_changed.connect(_on_content_write, sender=model, dispatch_uid=uid + ".m2m")

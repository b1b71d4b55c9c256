from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "dossiers.desk"
    label = "desk"
    verbose_name = "Editorial desk"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from dossiers.desk.lockout import notify_owner

        user_locked_out.connect(notify_owner, dispatch_uid="desk.lockout.notify_owner")

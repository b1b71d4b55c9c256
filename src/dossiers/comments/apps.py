from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "dossiers.comments"
    label = "comments"
    verbose_name = "Comments"
    content_models = ("Comment",)

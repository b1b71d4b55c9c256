from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "dossiers.comments"
    label = "comments"
    verbose_name = "Comments"
    # Not a content model: a comment held for moderation changes nothing readers see, so
    # saving one must not empty every cached page. The services move the content token
    # when what readers see changes (an approved comment, a moderation, an edit, a
    # deletion), through comment_counts_refresh.
    content_models = ()

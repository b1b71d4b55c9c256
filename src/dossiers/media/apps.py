from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "dossiers.media"
    label = "media"
    verbose_name = "Media library"
    # An image's alt text, caption or focal point shows on cached pages: writes move the token.
    content_models = ("Image",)

from typing import Any

from django.apps import AppConfig
from django.core import checks


def _check_api_rate(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A malformed DOSSIERS_API_RATE stops the site at start-up, saying what to write."""
    from django.conf import settings

    from dossiers.api.ratelimit import RateError, parse_rate

    try:
        parse_rate(settings.DOSSIERS["API_RATE"])
    except RateError as error:
        return [checks.Error(str(error), id="dossiers.api.E001")]
    return []


class ApiConfig(AppConfig):
    name = "dossiers.api"
    label = "api"
    verbose_name = "Read API"

    def ready(self) -> None:
        checks.register(_check_api_rate)

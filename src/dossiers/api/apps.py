from typing import Any

from django.apps import AppConfig
from django.core import checks

from dossiers.core.config import conf


def _check_api_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Settings the API cannot work with stop the site at start-up, saying what to write."""

    from dossiers.api.ratelimit import RateError, parse_rate

    errors: list[checks.CheckMessage] = []
    try:
        parse_rate(conf().api_rate)
    except RateError as error:
        errors.append(checks.Error(str(error), id="dossiers.api.E001"))
    default, largest = conf().api_page_size, conf().api_max_page_size
    if not 1 <= default <= largest:
        errors.append(
            checks.Error(
                f"DOSSIERS_API_PAGE_SIZE ({default}) must be from 1 to "
                f"DOSSIERS_API_MAX_PAGE_SIZE ({largest})",
                id="dossiers.api.E002",
            )
        )
    return errors


class ApiConfig(AppConfig):
    name = "dossiers.api"
    label = "api"
    verbose_name = "Read API"

    def ready(self) -> None:
        checks.register(_check_api_settings)

"""Start-up check: the configured search backend must work on this database.

It reads no table (the vendor comes from settings), so it runs with every
command that checks the project, `dossiers serve` included.
"""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register("search")
def search_backend_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from dossiers.search.backends import get_backend

    try:
        problems = get_backend().problems()
    except ImproperlyConfigured as error:
        problems = [str(error)]
    return [
        checks.Error(problem, hint="See “Search” in README.md.", id="dossiers.search.E001")
        for problem in problems
    ]

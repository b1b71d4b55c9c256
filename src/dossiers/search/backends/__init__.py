"""The search backend, chosen by settings the way Django chooses cache backends.

    SEARCH = {
        "BACKEND": "dossiers.search.backends.sqlite_fts5.SQLiteFTS5Backend",
        "OPTIONS": {"WINDOW": 1000},
    }

An empty BACKEND (the default) follows the database: SQLite FTS5 on SQLite,
PostgreSQL full text on PostgreSQL. `DOSSIERS_SEARCH_BACKEND` sets it from the
environment, as a dotted path or one of the short names in ALIASES.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.utils.module_loading import import_string

from dossiers.search.backends.base import SearchBackend

BY_VENDOR = {
    "sqlite": "dossiers.search.backends.sqlite_fts5.SQLiteFTS5Backend",
    "postgresql": "dossiers.search.backends.postgres.PostgresBackend",
}
ALIASES = {
    "sqlite": BY_VENDOR["sqlite"],
    "fts5": BY_VENDOR["sqlite"],
    "postgres": BY_VENDOR["postgresql"],
    "postgresql": BY_VENDOR["postgresql"],
}

_cache: dict[str, SearchBackend] = {}


def search_settings() -> dict[str, Any]:
    return dict(getattr(settings, "SEARCH", None) or {})


def backend_path() -> str:
    """The dotted path of the configured backend (the database's own when unset)."""
    configured = str(search_settings().get("BACKEND") or "").strip()
    if not configured:
        path = BY_VENDOR.get(connection.vendor)
        if path is None:
            raise ImproperlyConfigured(
                f"No search backend works on a {connection.vendor} database; Dossiers "
                "supports SQLite and PostgreSQL."
            )
        return path
    return ALIASES.get(configured.lower(), configured)


def backend_class(path: str | None = None) -> type[SearchBackend]:
    path = path or backend_path()
    try:
        found = import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(
            f"The search backend {path!r} cannot be imported ({error}). Use one of: "
            f"{', '.join(sorted(ALIASES))}, or a dotted path to a SearchBackend subclass."
        ) from None
    if not (isinstance(found, type) and issubclass(found, SearchBackend)):
        raise ImproperlyConfigured(f"The search backend {path!r} is not a SearchBackend.")
    return found


def get_backend() -> SearchBackend:
    """The configured backend (one instance per process)."""
    path = backend_path()
    backend = _cache.get(path)
    if backend is None:
        try:
            backend = backend_class(path)(search_settings().get("OPTIONS") or {})
        except (TypeError, ValueError) as error:
            raise ImproperlyConfigured(f"SEARCH['OPTIONS']: {error}") from None
        _cache[path] = backend
    return backend


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    if setting in {"SEARCH", "DATABASES"}:
        _cache.clear()

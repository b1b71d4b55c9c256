"""Dossiers' own settings, read once into one typed, frozen object.

`settings.DOSSIERS` (built from the `DOSSIERS_*` environment variables in
`dossiers/settings.py`) is read here and nowhere else: code asks `conf()`
for `conf().page_size`, so a misspelt name is a type error rather than a
KeyError on some request, and every value has one type. Tests that
override `settings.DOSSIERS` get a fresh object (Django's `setting_changed`
signal clears the cache).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver


@dataclass(frozen=True, slots=True)
class Config:
    # The site
    site_name: str
    site_tagline: str
    # The public address (https://analysis.example.org), no trailing slash; empty: the
    # request's own (development only).
    site_url: str
    page_size: int
    hub_overview_entities: int
    hub_min_analyses: int
    article_schema_type: str
    entity_links_max: int
    # Comments
    comments_max_depth: int
    comments_min_seconds: int
    comments_max_age_seconds: int
    comments_rate_limit: int
    comments_rate_window_seconds: int
    comments_trust_returning: bool
    comments_max_length: int
    # HTTP and caching
    trusted_proxy_count: int
    page_cache_seconds: int
    page_max_age: int
    # Feeds and sitemaps
    feed_items: int
    feed_full_text: bool
    sitemap_limit: int
    # Importers
    import_max_mb: int
    feed_fetch_max_mb: int
    feed_fetch_timeout: int
    # Fetching may reach private and loopback addresses (an intranet import)
    import_allow_private: bool
    # Knowledge
    suggestions_days: int
    relink_jobs: int
    # Salience: the "about" threshold, the lead rule (share of the body, cap in
    # characters) and what hub context adds (knowledge/salience.py)
    salience_about: float
    salience_lead_share: float
    salience_lead_max: int
    salience_context: float
    # Read replicas: seconds a browser that wrote keeps reading from the primary
    replica_pin_seconds: int
    # Related analyses
    related_text_weight: float
    related_entity_weight: float
    related_hub_weight: float
    related_min_score: float
    # The editorial desk (the admin): its path, two-factor login, session length, and
    # login throttling (failures per address before a lock-out, and how long it lasts)
    admin_path: str
    admin_2fa: bool
    admin_session_minutes: int
    login_failures: int
    login_cooloff_minutes: int
    # Media library: the largest upload (MB) and image (megapixels) accepted, and the
    # quality of JPEG renditions (AVIF/WebP follow it)
    media_max_mb: int
    media_max_megapixels: int
    media_quality: int
    # Read API
    api_rate: str
    api_page_size: int
    api_max_page_size: int


def config_from_mapping(values: dict[str, Any]) -> Config:
    """The typed object from the settings dict (keys in capitals, as in settings.py)."""
    names = {field.name for field in dataclasses.fields(Config)}
    unknown = sorted(key for key in values if key.lower() not in names)
    if unknown:
        raise ValueError(f"Unknown DOSSIERS settings: {', '.join(unknown)}")
    missing = sorted(name.upper() for name in names if name.upper() not in values)
    if missing:
        raise ValueError(f"DOSSIERS settings missing: {', '.join(missing)}")
    return Config(**{key.lower(): value for key, value in values.items()})


@cache
def conf() -> Config:
    """The site's settings (cached; rebuilt when a test overrides `settings.DOSSIERS`)."""
    return config_from_mapping(settings.DOSSIERS)


@receiver(setting_changed, dispatch_uid="core.config.reset")
def _reset(*, setting: str, **kwargs: Any) -> None:
    if setting == "DOSSIERS":
        conf.cache_clear()

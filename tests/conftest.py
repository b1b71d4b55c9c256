from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from selectolax.lexbor import LexborHTMLParser as HTMLParser

# Tests never read a developer's collected static files (var/static): plain
# names, served from the apps' folders. test_cli.py covers the hashed names.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# SQLite tests run on a database file, as the site does (WAL, one writer at a time that the
# others wait for), not Django's shared in-memory database, whose table locks fail at once
# instead of waiting: tests with concurrent writers (tests/comments/test_concurrency.py)
# need the real behaviour. One folder per process, so parallel runs never share a file.
if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _test_db_dir = tempfile.mkdtemp(prefix="dossiers-test-")
    atexit.register(shutil.rmtree, _test_db_dir, ignore_errors=True)
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(
        Path(_test_db_dir) / "test.sqlite3"
    )

# Media files (the image library) go to a folder of this process's own, never var/media.
_test_media_dir = tempfile.mkdtemp(prefix="dossiers-media-")
atexit.register(shutil.rmtree, _test_media_dir, ignore_errors=True)
settings.MEDIA_ROOT = _test_media_dir

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO.parent / "shared" / "fixtures"


def parse_html(response) -> HTMLParser:  # type: ignore[no-untyped-def]
    """The response body parsed by a real HTML5 parser (lexbor, via selectolax)."""
    return HTMLParser(response.content.decode(response.charset or "utf-8"))


def executable_scripts(page: HTMLParser) -> list:
    """<script> elements a browser would run: all but structured data (application/ld+json,
    which is data; the pages' Content-Security-Policy forbids scripts anyway)."""
    return [
        node
        for node in page.css("script")
        if (node.attributes.get("type") or "").lower() != "application/ld+json"
    ]


@pytest.fixture
def fixtures_dir() -> Path:
    if not FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {FIXTURES} (CI always has them)")
    return FIXTURES


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield


def browser_required() -> bool:
    return os.environ.get("DOSSIERS_REQUIRE_BROWSER", "") not in {"", "0"}


# Background tasks run at once in tests (at commit, like the real queue's worker would).
settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@contextmanager
def kept_for_the_module(django_db_blocker: Any) -> Iterator[None]:
    """Build test data once for a whole module, where building it dominates the run time.

    The data is written inside a transaction held open for the module; each test's own
    transaction (the `db` fixture) nests in it as a savepoint and rolls back to it, and
    the module's transaction rolls back at the end. Only for modules whose tests use
    `db` (a `transactional_db` test would flush the data away) and do not change the
    objects the fixture hands out in memory.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)

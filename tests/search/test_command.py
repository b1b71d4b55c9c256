"""`dossiers search …` and the start-up check, as an operator meets them."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from dossiers.search.checks import search_backend_check
from dossiers.search.models import SearchDocument
from dossiers.search.selectors import search_run
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

OTHER = {"sqlite": "postgres", "postgresql": "sqlite"}


def run(*args):
    out = StringIO()
    call_command("search", *args, stdout=out)
    return out.getvalue()


def test_rebuild_indexes_every_published_article_with_a_report():
    ArticleFactory(title="Arctic council keeps working")
    ArticleFactory(title="Svalbard status", status="draft", published_at=None)
    SearchDocument.objects.all().delete()  # as after restoring a database without its index
    assert search_run(query="arctic").total == 0
    out = run("rebuild", "--no-progress")
    assert "Indexed 1 articles" in out
    assert search_run(query="arctic").total == 1
    assert "Indexed articles: 1" in run("status")
    assert "Out of date or missing: 0" in run("status")


def test_catch_up_syncs_only_what_is_stale():
    ArticleFactory(title="Interceptors run out")
    assert "Synced 1 articles" in run("catch-up")
    assert "Synced 0 articles" in run("catch-up")
    assert search_run(query="interceptors").total == 1


def test_a_backend_for_another_database_is_a_start_up_error(settings):
    settings.SEARCH = {"BACKEND": OTHER[connection.vendor]}
    errors = search_backend_check()
    assert len(errors) == 1 and errors[0].id == "dossiers.search.E001"
    assert f"uses {connection.vendor}" in errors[0].msg
    with pytest.raises(SystemCheckError, match="search backend"):
        call_command("check")
    with pytest.raises(CommandError, match="search backend"):
        run("rebuild")


def test_an_unknown_backend_names_the_choices(settings):
    settings.SEARCH = {"BACKEND": "dossiers.search.backends.nope.Backend"}
    errors = search_backend_check()
    assert "cannot be imported" in errors[0].msg and "postgres" in errors[0].msg


def test_the_default_follows_the_database(settings):
    settings.SEARCH = {"BACKEND": ""}
    assert search_backend_check() == []
    settings.SEARCH = {"BACKEND": connection.vendor, "OPTIONS": {"WINDOW": 5}}
    assert "at least 10" in search_backend_check()[0].msg


def test_serve_refuses_to_start_with_a_backend_for_another_database(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    env |= {"DOSSIERS_DATA_DIR": str(tmp_path), "DOSSIERS_SEARCH_BACKEND": "postgres"}
    command = [
        str(Path(sys.executable).parent / "dossiers"),
        "serve",
        "--no-worker",
        "--port",
        "8209",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "search backend needs a postgresql database; this site uses sqlite" in result.stderr
    assert "dossiers.search.E001" in result.stderr

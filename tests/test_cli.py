"""The `dossiers` command as an operator runs it: real processes, a real server."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "dossiers"


def run(args, env, **kwargs):
    return subprocess.run(
        [str(BIN), *args], env=env, capture_output=True, text=True, timeout=180, **kwargs
    )


@pytest.fixture
def env(tmp_path):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))
    }
    environment["DOSSIERS_DATA_DIR"] = str(tmp_path / "var")
    return environment


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_check_deploy_is_clean_with_production_settings(env):
    production = env | {
        "SECRET_KEY": "x" * 20 + "production-secret-key-that-is-long-and-random-9f8e7d6c5b4a",
        "DOSSIERS_HTTPS": "1",
        "ALLOWED_HOSTS": "analysis.example.org",
        "DOSSIERS_SITE_URL": "https://analysis.example.org",
        "DEBUG": "0",
    }
    result = run(["check", "--deploy"], production)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout
    # Without the site's address, absolute URLs would follow each request's Host.
    unset = run(["check", "--deploy"], production | {"DOSSIERS_SITE_URL": ""})
    assert unset.returncode != 0 and "DOSSIERS_SITE_URL" in unset.stderr + unset.stdout


def test_check_deploy_fails_on_any_warning_and_silences_no_https_check(env):
    plain_http = env | {
        "SECRET_KEY": "x" * 20 + "production-secret-key-that-is-long-and-random-9f8e7d6c5b4a",
        "ALLOWED_HOSTS": "analysis.example.org",
        "DOSSIERS_SITE_URL": "http://analysis.example.org",
    }
    result = run(["check", "--deploy"], plain_http)
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr
    # An explicit --fail-level still decides; plain `check` has no deploy checks.
    assert run(["check", "--deploy", "--fail-level", "ERROR"], plain_http).returncode == 0
    assert run(["check"], plain_http).returncode == 0


def test_a_bad_setting_says_what_to_fix(env):
    result = run(["check"], env | {"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_serve_runs_the_migrated_demo_behind_gunicorn_with_static_files(env):
    assert run(["migrate", "--noinput"], env).returncode == 0
    demo = run(["demo", "--if-empty"], env)
    assert "Demo site loaded" in demo.stdout, demo.stderr
    sqlite = Path(env["DOSSIERS_DATA_DIR"]) / "dossiers.sqlite3"
    assert sqlite.exists()
    mode = run(
        [
            "shell",
            "-c",
            "from django.db import connection; c = connection.cursor(); "
            "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        ],
        env,
    )
    assert mode.stdout.strip().endswith("wal")
    port = free_port()
    server = subprocess.Popen(
        [str(BIN), "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"{base}/topics/turkey-nato/", timeout=5)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not answer")
        html = page.read().decode()
        assert page.headers["Server"].startswith("gunicorn")
        assert "Turkey NATO: Alliance Tensions" in html
        css_path = html.split('rel="stylesheet" href="')[1].split('"')[0]
        assert (
            css_path.startswith("/static/dossiers/site.")
            and css_path != "/static/dossiers/site.css"
        )
        css = urllib.request.urlopen(f"{base}{css_path}", timeout=5)  # noqa: S310
        assert css.status == 200 and "max-age" in css.headers["Cache-Control"]
        # The API, and its docs' Swagger UI served by WhiteNoise under hashed names.
        hubs = urllib.request.urlopen(f"{base}/api/v1/hubs", timeout=5)  # noqa: S310
        assert "turkey-nato" in hubs.read().decode() and hubs.headers["ETag"]
        docs = urllib.request.urlopen(f"{base}/api/v1/docs", timeout=5).read().decode()  # noqa: S310
        bundle = docs.split('<script src="')[1].split('"')[0]
        assert bundle.startswith("/static/ninja/swagger-ui-bundle.") and bundle.endswith(".js")
        script = urllib.request.urlopen(f"{base}{bundle}", timeout=5)  # noqa: S310
        assert script.status == 200 and "SwaggerUIBundle" in script.read().decode()
        _long_addresses_are_answered_by_the_site(base)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _long_addresses_are_answered_by_the_site(base):
    """Through the real server: a 10,000-character query gets the search's own message,
    an address past the site's limit its styled 414 (HTML, or JSON under /api/)."""
    query = urllib.parse.quote("nato " * 2000)
    page = urllib.request.urlopen(f"{base}/search/?q={query}", timeout=10)  # noqa: S310
    assert "200 characters" in page.read().decode()
    with pytest.raises(urllib.error.HTTPError) as api:
        urllib.request.urlopen(f"{base}/api/v1/search?q={query}x", timeout=10)  # noqa: S310
    assert api.value.code == 422
    huge = urllib.parse.quote("é" * 50_000)
    with pytest.raises(urllib.error.HTTPError) as long_page:
        urllib.request.urlopen(f"{base}/search/?q={huge}", timeout=10)  # noqa: S310
    assert long_page.value.code == 414
    assert "Address too long" in long_page.value.read().decode()
    with pytest.raises(urllib.error.HTTPError) as long_api:
        urllib.request.urlopen(f"{base}/api/v1/search?q={huge}", timeout=10)  # noqa: S310
    assert long_api.value.code == 414 and "262,144" in long_api.value.read().decode()

"""CORS is off unless DOSSIERS_API_CORS_ORIGINS lists origins; then only /api/ reads answer."""

import pytest

pytestmark = pytest.mark.django_db

ORIGIN = "https://app.example.com"
PREFLIGHT = {
    "Origin": ORIGIN,
    "Access-Control-Request-Method": "GET",
    "Access-Control-Request-Headers": "if-none-match",
}


@pytest.fixture
def cors_for(settings):
    def configure(*origins):
        settings.CORS_ALLOW_ALL_ORIGINS = origins == ("*",)
        settings.CORS_ALLOWED_ORIGINS = [] if origins == ("*",) else list(origins)
        settings.CORS_URLS_REGEX = r"^/api/"

    return configure


def test_off_by_default_no_cross_origin_header_anywhere(client):
    response = client.get("/api/v1/hubs", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert "origin" not in response.get("Vary", "").lower()
    preflight = client.options("/api/v1/hubs", headers=PREFLIGHT)
    assert "Access-Control-Allow-Origin" not in preflight
    assert preflight.status_code == 405  # the API itself answers: it only reads


def test_listed_origins_may_read_the_api(client, cors_for):
    cors_for(ORIGIN, "https://other.example.com")
    response = client.get("/api/v1/hubs", headers={"Origin": ORIGIN})
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "origin" in response["Vary"].lower()
    assert response["Access-Control-Expose-Headers"] == "ETag, Retry-After"
    assert "Access-Control-Allow-Credentials" not in response

    preflight = client.options("/api/v1/hubs", headers=PREFLIGHT)
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == ORIGIN
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]


def test_other_origins_and_other_paths_get_nothing(client, cors_for):
    cors_for(ORIGIN)
    stranger = client.get("/api/v1/hubs", headers={"Origin": "https://evil.example.net"})
    assert "Access-Control-Allow-Origin" not in stranger
    page = client.get("/topics/", headers={"Origin": ORIGIN})
    assert "Access-Control-Allow-Origin" not in page


def test_a_star_opens_the_api_to_any_origin(client, cors_for):
    cors_for("*")
    response = client.get("/api/v1/hubs", headers={"Origin": "https://anyone.example"})
    assert response["Access-Control-Allow-Origin"] == "*"


def test_refusals_carry_cors_headers_so_browsers_can_read_them(client, cors_for, settings):
    cors_for(ORIGIN)
    settings.DOSSIERS = {**settings.DOSSIERS, "API_RATE": "1/min"}
    client.get("/api/v1/hubs", headers={"Origin": ORIGIN})
    refused = client.get("/api/v1/hubs", headers={"Origin": ORIGIN})
    assert refused.status_code == 429
    assert refused["Access-Control-Allow-Origin"] == ORIGIN


def test_the_settings_read_the_environment(monkeypatch):
    import importlib

    import dossiers.settings as module

    monkeypatch.setenv("DOSSIERS_API_CORS_ORIGINS", f"{ORIGIN}, https://b.example")
    loaded = importlib.reload(module)
    assert loaded.CORS_ALLOWED_ORIGINS == [ORIGIN, "https://b.example"]
    assert loaded.CORS_URLS_REGEX == r"^/api/" and not loaded.CORS_ALLOW_ALL_ORIGINS
    monkeypatch.setenv("DOSSIERS_API_CORS_ORIGINS", "*")
    assert importlib.reload(module).CORS_ALLOW_ALL_ORIGINS
    monkeypatch.delenv("DOSSIERS_API_CORS_ORIGINS")
    loaded = importlib.reload(module)
    assert loaded.CORS_ALLOWED_ORIGINS == [] and loaded.CORS_URLS_REGEX == r"(?!)"

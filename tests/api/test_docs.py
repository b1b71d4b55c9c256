"""The OpenAPI schema and the browsable docs: offline, and under a CSP as narrow as they allow."""

import json

import pytest
from django.contrib.staticfiles import finders

from dossiers.api.docs import DOCS_CSP
from dossiers.core.middleware import PUBLIC_CSP
from tests.conftest import parse_html

pytestmark = pytest.mark.django_db


def test_the_schema_lists_every_operation_read_only_with_its_answers(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert set(schema["paths"]) == {
        "/api/v1/",
        "/api/v1/hubs",
        "/api/v1/hubs/{slug}",
        "/api/v1/hubs/{slug}/articles",
        "/api/v1/articles",
        "/api/v1/articles/{slug}",
        "/api/v1/articles/{slug}/comments",
        "/api/v1/authors",
        "/api/v1/authors/{slug}",
        "/api/v1/authors/{slug}/articles",
        "/api/v1/entities",
        "/api/v1/entities/{slug}",
        "/api/v1/entities/{slug}/articles",
        "/api/v1/search",
    }
    for path, operations in schema["paths"].items():
        assert list(operations) == ["get"], path  # HEAD mirrors GET and is not listed
        answers = operations["get"]["responses"]
        assert {"200", "304", "404", "422", "429"} <= set(answers), path
        assert answers["200"]["headers"]["ETag"]["required"] is True
        assert answers["429"]["headers"]["Retry-After"]["required"] is True
    listing = schema["paths"]["/api/v1/articles"]["get"]
    assert [p["name"] for p in listing["parameters"]] == [
        "hub",
        "author",
        "entity",
        "date_from",
        "date_to",
        "page",
        "page_size",
    ]
    assert listing["operationId"] == "article_list"


def test_the_schema_is_answered_with_an_etag(client):
    first = client.get("/api/v1/openapi.json")
    again = client.get("/api/v1/openapi.json", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_the_docs_page_runs_only_the_sites_own_scripts(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == DOCS_CSP
    page = parse_html(response)
    scripts = page.css("script")
    sources = [s.attributes.get("src") for s in scripts if s.attributes.get("src")]
    inline = [s for s in scripts if not s.attributes.get("src")]
    assert sources == ["/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js"]
    # The only inline <script> is JSON data (Swagger UI's settings), which no browser runs.
    assert [s.attributes.get("type") for s in inline] == ["application/json"]
    config = json.loads(inline[0].text())
    assert config["url"] == "/api/v1/openapi.json"
    assert config["validatorUrl"] is None  # no badge fetched from validator.swagger.io
    styles = [link.attributes["href"] for link in page.css("link[href]")]
    for url in sources + styles:
        assert url.startswith("/static/ninja/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a static file"
    assert "http" not in "".join(sources + styles)


def test_the_rest_of_the_site_keeps_its_policy(client):
    assert client.get("/topics/")["Content-Security-Policy"] == PUBLIC_CSP
    assert client.get("/api/v1/hubs")["Content-Security-Policy"] == PUBLIC_CSP
    assert "script-src 'none'" in PUBLIC_CSP


def test_the_schema_is_valid_openapi_3_1(client):
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    schema = client.get("/api/v1/openapi.json").json()
    try:
        validate(schema)
    except OpenAPIValidationError as error:  # the message names the path in the schema
        pytest.fail(f"the OpenAPI schema is not valid: {error}")

"""The API's browsable docs in a real Chromium: rendered from the site's own files, under the
docs page's Content-Security-Policy, with nothing fetched from anywhere else."""

import pytest

from dossiers.api.api import api
from tests.factories import AuthorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_offline_and_runs_a_request(page, live_server):
    AuthorFactory(name="Mira Kovač", slug="mira-kovac")
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock")
    assert (
        page.locator(".information-container .title").inner_text().startswith("Dossiers read API")
    )
    operations = len(api.get_openapi_schema()["paths"])
    assert operations >= 14 and page.locator(".opblock").count() == operations

    listing = page.locator(".opblock", has_text="/api/v1/authors").first
    listing.locator(".opblock-summary").click()
    listing.get_by_role("button", name="Try it out").click()
    listing.get_by_role("button", name="Execute").click()
    live = listing.locator(".live-responses-table tr.response .response-col_status").first
    live.wait_for()
    assert live.inner_text().strip() == "200"
    assert "mira-kovac" in listing.locator(".live-responses-table").inner_text()

    assert problems == []  # no CSP violation, no script error
    strangers = [url for url in requests if not url.startswith(live_server.url)]
    assert strangers == []
    assert any(url.endswith("/api/v1/openapi.json") for url in requests)
    assert any("/static/ninja/swagger-ui-bundle" in url for url in requests)

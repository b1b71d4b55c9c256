"""A reader searches from the header of the demo site in a real Chromium."""

import pytest

from dossiers.demo.loader import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_reader_searches_an_alias_and_narrows_to_a_hub(page, live_server):
    load_demo()  # committed: the index follows on commit, as on a real site
    page.goto(f"{live_server.url}/")
    page.fill("#site-search-q", "strategic autonomy")
    page.press("#site-search-q", "Enter")
    page.wait_for_load_state()
    assert "/search/?q=strategic+autonomy" in page.url

    entity = page.locator(".search-entities .search-entity").first
    assert entity.locator("h2 a").inner_text() == "EU defense integration"
    assert "Also known as" in entity.inner_text()
    cards = page.locator(".search-results .card")
    assert cards.count() >= 3
    assert page.locator(".search-results mark").count() >= 1

    page.select_option("#search-hub", "turkey-nato")
    page.click(".search-form button[type=submit]")
    page.wait_for_load_state()
    assert "hub=turkey-nato" in page.url
    assert page.locator("#search-hub option:checked").inner_text() == "Turkey NATO"
    assert 1 <= page.locator(".search-results .card").count() <= cards.count()

"""The shared HTTP layer: absolute URLs and the reader's address."""

import pytest
from django.test import RequestFactory

from dossiers.core.http import client_ip
from dossiers.core.http.urls import absolute, site_root


@pytest.fixture
def site_url(settings):
    def set_url(url):
        settings.DOSSIERS = {**settings.DOSSIERS, "SITE_URL": url}

    return set_url


def test_absolute_urls_come_from_the_request_when_no_site_url_is_set(site_url, settings):
    site_url("")
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    request = RequestFactory().get("/x/", HTTP_HOST="one.example")
    assert site_root(request) == "http://one.example/"
    assert absolute(request, "/topics/sea/") == "http://one.example/topics/sea/"
    secure = RequestFactory().get("/x/", HTTP_HOST="two.example", secure=True)
    assert absolute(secure, "/topics/sea/") == "https://two.example/topics/sea/"
    assert site_root(None) == "http://localhost/"


def test_the_site_url_wins_over_the_request(site_url):
    site_url("https://analysis.example.org")
    request = RequestFactory().get("/x/")
    assert site_root(request) == site_root(None) == "https://analysis.example.org/"
    assert absolute(request, "/glossary/") == "https://analysis.example.org/glossary/"
    assert absolute(request, "https://elsewhere.example/a") == "https://elsewhere.example/a"


def test_client_ip_is_importable_from_the_package(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_found_gives_the_value_or_a_404_with_the_message():
    from django.http import Http404

    from dossiers.core.http import found

    assert found(0, "unused") == 0
    with pytest.raises(Http404, match=r"No such topic\."):
        found(None, "No such topic.")

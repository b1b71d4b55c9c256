"""The shared validation rules: http(s) URLs, e-mail addresses, error messages."""

import pytest
from django.core.exceptions import ValidationError

from dossiers.core.validation import (
    error_items,
    error_text,
    has_http_scheme,
    is_http_url,
    valid_email,
    valid_http_url,
)


@pytest.mark.parametrize(
    "value",
    [
        "http://example.org",
        "https://example.org/a?b=c#d",
        "HTTPS://EXAMPLE.ORG/",
        "http://127.0.0.1:8000/x",
    ],
)
def test_an_absolute_http_url_is_one(value):
    assert is_http_url(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "example.org",
        "/relative/path",
        "ftp://example.org/f",
        "javascript:alert(1)",
        "mailto:a@example.org",
        "http://",
        "http:// spaced.example.org",
        "not a url",
    ],
)
def test_anything_else_is_not_an_http_url(value):
    assert not is_http_url(value)


def test_has_http_scheme_looks_at_the_scheme_only_in_any_case():
    assert has_http_scheme("http://x") and has_http_scheme("HTTPS://x")
    assert has_http_scheme("http:// anything goes after")
    assert not has_http_scheme("ftp://x") and not has_http_scheme("/feed.xml")
    assert not has_http_scheme("httpx://x") and not has_http_scheme("")


def test_valid_http_url_strips_and_keeps_a_good_url():
    assert valid_http_url("  https://example.org/a  ", 300) == "https://example.org/a"


def test_valid_http_url_drops_a_bad_or_long_url():
    assert valid_http_url("javascript:alert(1)", 300) == ""
    assert valid_http_url("   ", 300) == ""
    long = "https://example.org/" + "a" * 300
    assert valid_http_url(long, 300) == ""
    assert valid_http_url(long, 400) == long


def test_valid_email_strips_and_keeps_an_address():
    assert valid_email(" ada@example.org ") == "ada@example.org"


@pytest.mark.parametrize("value", ["", "not-an-email", "a@", "@example.org", "a b@example.org"])
def test_valid_email_drops_what_is_not_an_address(value):
    assert valid_email(value) == ""


def test_valid_email_drops_an_address_over_254_characters():
    address = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".org"
    assert len(address) > 254
    assert valid_email(address) == ""


def test_error_items_gives_each_field_its_messages_in_order():
    error = ValidationError({"title": ["Too long.", "Not unique."], "slug": "Taken."})
    assert error_items(error) == [("title", ["Too long.", "Not unique."]), ("slug", ["Taken."])]


def test_error_items_of_a_plain_error_has_no_field():
    assert error_items(ValidationError(["One.", "Two."])) == [(None, ["One.", "Two."])]


def test_error_text_is_one_line():
    error = ValidationError({"title": ["Too long.", "Not unique."], "slug": "Taken."})
    assert error_text(error) == "title: Too long. Not unique.; slug: Taken."
    assert error_text(ValidationError("Just this.")) == "Just this."

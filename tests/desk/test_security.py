"""The desk resists attack: login throttling with a lock-out notice, optional two-factor login,
short editor sessions, its own path and its own Content-Security-Policy."""

import datetime as dt
import importlib
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import clear_url_caches
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from dossiers.core.middleware import ADMIN_CSP, PUBLIC_CSP
from tests.conftest import executable_scripts, parse_html
from tests.factories import ArticleFactory, HubFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
ADA_PASSWORD = "correct horse battery staple"
BO_PASSWORD = "an entirely different passphrase"
ATTACKER = "198.51.100.66"
ELSEWHERE = "203.0.113.20"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def editors():
    users = get_user_model().objects
    return {
        "ada": users.create_user("ada", "ada@example.org", ADA_PASSWORD, is_staff=True),
        "bo": users.create_user("bo", "bo@example.org", BO_PASSWORD, is_staff=True),
    }


def log_in(client, username, password, address="127.0.0.1", forwarded_for=None, **fields):
    data = {"username": username, "password": password, "next": "/admin/", **fields}
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return client.post(LOGIN, data, REMOTE_ADDR=address, **headers)


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def throttle(settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "LOGIN_FAILURES": 5, "LOGIN_COOLOFF_MINUTES": 30}


# --- Login throttling -------------------------------------------------------------------


def test_fifty_wrong_passwords_lock_the_address_mail_the_owner_once_and_end_after_the_cool_off(
    client, editors, throttle, mailoutbox
):
    with time_machine.travel(START, tick=False) as clock:
        answers = [log_in(client, "ada", f"guess {n}", ATTACKER).status_code for n in range(50)]
        assert answers[:4] == [200] * 4  # the login form again, with its error
        assert set(answers[4:]) == {429}  # the fifth failure locks the address

        locked = log_in(client, "ada", ADA_PASSWORD, ATTACKER)
        assert locked.status_code == 429 and not signed_in(client)
        page = parse_html(locked)
        assert "Too many failed logins" in page.css_first("h1").text()
        assert "09:30" in page.css_first("time").text()  # the last counted failure + 30 min
        assert locked["Retry-After"] == "1800"
        assert locked["Content-Security-Policy"] == ADMIN_CSP

        assert len(mailoutbox) == 1
        notice = mailoutbox[0]
        assert notice.to == ["ada@example.org"]
        assert ATTACKER in notice.body and "09:30" in notice.body

        # Another editor, from another address, signs in as usual.
        colleague = Client()
        assert log_in(colleague, "bo", BO_PASSWORD, ELSEWHERE).status_code == 302
        assert signed_in(colleague)

        clock.shift(dt.timedelta(minutes=29))
        assert log_in(client, "ada", ADA_PASSWORD, ATTACKER).status_code == 429
        clock.shift(dt.timedelta(minutes=2))
        response = log_in(client, "ada", ADA_PASSWORD, ATTACKER)
        assert response.status_code == 302 and signed_in(client)
        assert len(mailoutbox) == 1


def test_an_address_trying_many_usernames_is_locked_too(client, editors, throttle, mailoutbox):
    for name in ("ada", "bo", "cy", "dee", "eve"):
        log_in(client, name, "Winter2026!", ATTACKER)
    assert log_in(client, "bo", BO_PASSWORD, ATTACKER).status_code == 429
    assert [mail.to for mail in mailoutbox] == []  # "eve" set the lock: no such account


def test_behind_a_proxy_the_lock_follows_the_forwarded_address(client, editors, settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "LOGIN_FAILURES": 3, "TRUSTED_PROXY_COUNT": 1}
    proxy = "10.0.0.2"
    for _ in range(3):
        log_in(client, "ada", "nope", proxy, forwarded_for=ATTACKER)
    assert log_in(client, "ada", ADA_PASSWORD, proxy, forwarded_for=ATTACKER).status_code == 429
    colleague = Client()
    response = log_in(colleague, "ada", ADA_PASSWORD, proxy, forwarded_for=ELSEWHERE)
    assert response.status_code == 302


# --- Two-factor login -------------------------------------------------------------------


@pytest.fixture
def two_factor(settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "ADMIN_2FA": True}


def code_now(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_otp_setup_prints_an_otpauth_uri_and_refuses_a_second_device(editors):
    out = io.StringIO()
    call_command("otp-setup", "ada", stdout=out, stderr=io.StringIO())
    uri = out.getvalue().strip()
    assert uri.startswith("otpauth://totp/") and "secret=" in uri and "ada" in uri
    device = TOTPDevice.objects.get(user=editors["ada"])
    assert device.confirmed
    with pytest.raises(Exception, match="already has"):
        call_command("otp-setup", "ada", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("otp-setup", "ada", "--replace", stdout=io.StringIO(), stderr=io.StringIO())
    assert TOTPDevice.objects.filter(user=editors["ada"]).count() == 1


def test_with_two_factor_on_the_desk_wants_the_code_from_the_editors_device(
    client, editors, two_factor
):
    call_command("otp-setup", "ada", stdout=io.StringIO(), stderr=io.StringIO())
    device = TOTPDevice.objects.get(user=editors["ada"])
    page = parse_html(client.get(LOGIN))
    assert page.css_first("input[name=otp_token]") is not None

    with time_machine.travel(START, tick=False) as clock:
        without = log_in(client, "ada", ADA_PASSWORD)
        assert without.status_code == 200 and not signed_in(client)
        assert "OTP token" in parse_html(without).css_first(".errornote").text()
        wrong_code = "000000" if code_now(device) != "000000" else "111111"
        wrong = log_in(client, "ada", ADA_PASSWORD, otp_token=wrong_code)
        assert wrong.status_code == 200 and not signed_in(client)

        # django-otp pauses a device for a moment after each wrong code.
        clock.shift(dt.timedelta(seconds=5))
        right = log_in(client, "ada", ADA_PASSWORD, otp_token=code_now(device))
        assert right.status_code == 302 and signed_in(client)
        assert client.get("/admin/").status_code == 200


def test_with_two_factor_on_a_password_alone_does_not_open_the_desk(client, editors, two_factor):
    client.force_login(editors["bo"])  # signed in, but never passed a one-time password
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_with_two_factor_off_the_password_is_enough(client, editors):
    assert parse_html(client.get(LOGIN)).css_first("input[name=otp_token]") is None
    assert log_in(client, "bo", BO_PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


# --- Sessions -----------------------------------------------------------------------------


def test_an_editors_session_ends_admin_session_minutes_after_signing_in(client, editors, settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "ADMIN_SESSION_MINUTES": 60}
    with time_machine.travel(START, tick=False) as clock:
        response = log_in(client, "bo", BO_PASSWORD)
        assert response.status_code == 302
        assert response.cookies["sessionid"]["max-age"] == 3600
        assert client.session.get_expiry_age() == 3600 < settings.SESSION_COOKIE_AGE
        clock.shift(dt.timedelta(minutes=59))
        assert client.get("/admin/").status_code == 200  # busy, but the end does not move
        clock.shift(dt.timedelta(minutes=2))
        response = client.get("/admin/")
        assert response.status_code == 302 and response.url.startswith(LOGIN)


# --- The desk's path and its Content-Security-Policy -------------------------------------


def test_the_desk_has_its_own_content_security_policy_and_public_pages_keep_theirs(
    admin_client,
):
    article = ArticleFactory()
    hub = HubFactory()
    assert Client().get(LOGIN)["Content-Security-Policy"] == ADMIN_CSP
    for url in ("/admin/", f"/admin/hubs/hub/{hub.pk}/change/", "/admin/publishing/article/add/"):
        response = admin_client.get(url)
        assert response.status_code == 200
        assert response["Content-Security-Policy"] == ADMIN_CSP
        assert "'unsafe-inline'" not in ADMIN_CSP and "script-src 'self'" in ADMIN_CSP
        page = parse_html(response)
        # Nothing that policy would block: no inline script, no style attribute.
        assert [s for s in executable_scripts(page) if "src" not in s.attributes] == [
            s for s in page.css("script") if (s.attributes.get("type") or "") == "application/json"
        ]
        assert page.css("[style]") == []
    for url in ("/", article.get_absolute_url(), "/topics/"):
        assert admin_client.get(url)["Content-Security-Policy"] == PUBLIC_CSP


@pytest.fixture
def desk_elsewhere(settings):
    import dossiers.urls

    original = settings.DOSSIERS
    settings.DOSSIERS = {**original, "ADMIN_PATH": "newsroom-desk/"}
    importlib.reload(dossiers.urls)
    clear_url_caches()
    yield "/newsroom-desk/"
    settings.DOSSIERS = original
    importlib.reload(dossiers.urls)
    clear_url_caches()


def test_the_desk_moves_to_its_own_path(client, admin_client, desk_elsewhere):
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/")["Content-Security-Policy"] == PUBLIC_CSP
    response = client.get(desk_elsewhere)
    assert response.status_code == 302 and response.url.startswith(f"{desk_elsewhere}login/")
    assert client.get(f"{desk_elsewhere}login/")["Content-Security-Policy"] == ADMIN_CSP
    assert admin_client.get(f"{desk_elsewhere}hubs/hub/").status_code == 200
    robots = client.get("/robots.txt").content.decode()
    assert f"Disallow: {desk_elsewhere}\n" in robots and "/admin/" not in robots

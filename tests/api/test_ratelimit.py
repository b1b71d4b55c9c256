"""Requests per client address: 429 with Retry-After, counted in the shared cache."""

import time
import uuid

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from dossiers.api.ratelimit import Rate, RateError, parse_rate, rate_check


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("120/min", Rate(120, 60)),
        ("10/s", Rate(10, 1)),
        ("10/second", Rate(10, 1)),
        ("5000/hour", Rate(5000, 3600)),
        ("5000 / hours", Rate(5000, 3600)),
        ("100/10s", Rate(100, 10)),
        ("2/5min", Rate(2, 300)),
        ("1000/day", Rate(1000, 86400)),
        ("off", None),
        ("0", None),
    ],
)
def test_rates_are_read_from_plain_words(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize(
    "text", ["120", "fast", "120/fortnight", "0/min", "1/0s", "-1/min", "/min"]
)
def test_a_rate_that_cannot_be_read_says_how_to_write_one(text):
    with pytest.raises(RateError, match=r"e\.g\. 120/min|1 or more"):
        parse_rate(text)


def test_a_bad_rate_stops_the_site_at_start_up(settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "API_RATE": "lots"}
    with pytest.raises(SystemCheckError, match="DOSSIERS_API_RATE: write requests/period"):
        call_command("check")
    with pytest.raises(ImproperlyConfigured, match="DOSSIERS_API_RATE: write requests/period"):
        WSGIHandler()  # what gunicorn loads: the middleware reads the rate first


@pytest.fixture
def three_a_minute(settings, db):
    settings.DOSSIERS = {**settings.DOSSIERS, "API_RATE": "3/min"}


def test_an_address_over_the_rate_gets_429_with_retry_after(client, three_a_minute):
    with time_machine.travel(1_800_000_020, tick=False):  # 20 s into a minute
        for _ in range(3):
            assert client.get("/api/v1/hubs").status_code == 200
        refused = client.get("/api/v1/hubs")
        assert refused.status_code == 429
        assert refused["Retry-After"] == "40"
        assert refused.json() == {
            "detail": "Too many requests: this API answers 3 per minute to each address. "
            "Try again in 40 seconds."
        }
        # Every path under /api/ counts, answered from the cache or not; pages do not.
        assert client.get("/api/v1/openapi.json").status_code == 429
        assert client.get("/api/v1/hubs", headers={"If-None-Match": "*"}).status_code == 429
        assert client.get("/topics/").status_code == 200
    with time_machine.travel(1_800_000_060, tick=False):  # the next minute
        assert client.get("/api/v1/hubs").status_code == 200


def test_addresses_are_counted_apart(client, three_a_minute):
    for _ in range(3):
        client.get("/api/v1/hubs", REMOTE_ADDR="192.0.2.1")
    assert client.get("/api/v1/hubs", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/api/v1/hubs", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_behind_a_proxy_the_forwarded_address_counts_and_cannot_be_forged(
    client, three_a_minute, settings
):
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    # Without trusted proxies, X-Forwarded-For is the client's own word: ignored.
    for n in range(3):
        client.get("/api/v1/hubs", headers={"X-Forwarded-For": f"198.51.100.{n}"}, **proxy)
    forged = client.get("/api/v1/hubs", headers={"X-Forwarded-For": "198.51.100.9"}, **proxy)
    assert forged.status_code == 429

    settings.DOSSIERS = {**settings.DOSSIERS, "TRUSTED_PROXY_COUNT": 1}
    reader = {"X-Forwarded-For": "203.0.113.7"}
    for _ in range(3):
        assert client.get("/api/v1/hubs", headers=reader, **proxy).status_code == 200
    assert client.get("/api/v1/hubs", headers=reader, **proxy).status_code == 429
    other = {"X-Forwarded-For": "203.0.113.8"}
    assert client.get("/api/v1/hubs", headers=other, **proxy).status_code == 200


def test_off_means_no_limit(client, settings, db):
    settings.DOSSIERS = {**settings.DOSSIERS, "API_RATE": "off"}
    assert all(client.get("/api/v1/").status_code == 200 for _ in range(30))


def redis_or_skip():
    from django.core.cache.backends.redis import RedisCache

    prefix = f"ratetest-{uuid.uuid4().hex}"

    def worker():
        return RedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": prefix})

    try:
        worker().get("probe")
    except Exception as error:  # any connection failure
        pytest.skip(f"no Redis at 127.0.0.1:6379 ({error})")
    return worker


def test_with_redis_every_worker_counts_against_one_number():
    """Two cache clients with their own connections, as two gunicorn workers have."""
    make_worker = redis_or_skip()
    first, second = make_worker(), make_worker()
    rate, now = Rate(4, 60), time.time()
    verdicts = [
        rate_check(address="192.0.2.5", rate=rate, now=now, store=worker)
        for worker in (first, second, first, second, first)
    ]
    assert [v.allowed for v in verdicts] == [True, True, True, True, False]
    assert rate_check(address="192.0.2.6", rate=rate, now=now, store=second).allowed
    window = int(now // 60)  # only this test's keys: the Redis may be shared
    first.delete_many([f"api-rate:60:{window}:192.0.2.5", f"api-rate:60:{window}:192.0.2.6"])

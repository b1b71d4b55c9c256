"""With Redis unreachable, the site serves from the database: no 500, no hang."""

import socket
import time

import pytest
from django.core.cache import caches

from tests.factories import ArticleFactory, HubFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_redis(settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "dossiers.core.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
    yield caches["default"]


def test_pages_feeds_and_the_api_answer_without_the_cache(client, dead_redis):
    article = ArticleFactory(title="Straits", slug="straits", body="The Straits.")
    HubFactory(slug="sea")
    started = time.perf_counter()
    for url in ("/", "/topics/sea/", article.get_absolute_url(), "/rss.xml", "/api/v1/hubs"):
        assert client.get(url).status_code == 200, url
    assert time.perf_counter() - started < 10


def test_cache_calls_fall_back_to_a_miss(dead_redis):
    assert dead_redis.get("key", "fallback") == "fallback"
    assert dead_redis.add("key", 1) is False
    assert dead_redis.incr("counter", 3) == 3
    assert dead_redis.get_many(["a", "b"]) == {}
    dead_redis.set("key", 1)


def test_a_live_redis_is_used(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "dossiers.core.cache.TolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
        }
    }
    cache = caches["default"]  # the Redis that runs beside the tests (and in CI)
    cache.set("dossiers-test", "kept")
    assert cache.get("dossiers-test") == "kept"
    cache.delete("dossiers-test")

"""A Redis cache that fails soft: when Redis is down, the site serves from the database.

Every cache read becomes a miss and every write is dropped while Redis cannot be
reached (each failure logged, at most one connection attempt of a quarter second per
call), so pages are rendered as with a cold cache instead of answering 500. The page
cache, the API's rate limit and fragment caching all go through Django's cache API.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
Result = TypeVar("Result")
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _soft(fallback: Callable[..., Any]) -> Callable[[Callable[..., Result]], Callable[..., Any]]:
    """Run the cache call; when Redis cannot be reached, log it and return `fallback(...)`."""

    def decorate(method: Callable[..., Result]) -> Callable[..., Any]:
        @functools.wraps(method)
        def wrapper(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except _UNREACHABLE as error:
                log.warning("cache unreachable (%s): %s served without it", error, method.__name__)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _default(key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _empty(*args: Any, **kwargs: Any) -> dict[str, Any]:
    return {}


def _delta(key: Any, delta: int = 1, *args: Any, **kwargs: Any) -> int:
    # A counter that cannot be read counts from nothing: limits let the request through.
    return delta


def _keys_back(data: Any, *args: Any, **kwargs: Any) -> list[Any]:
    return list(data)  # set_many: every key failed


class TolerantRedisCache(RedisCache):
    get = _soft(_default)(RedisCache.get)
    add = _soft(_false)(RedisCache.add)
    set = _soft(_nothing)(RedisCache.set)
    touch = _soft(_false)(RedisCache.touch)
    delete = _soft(_false)(RedisCache.delete)
    get_many = _soft(_empty)(RedisCache.get_many)
    has_key = _soft(_false)(RedisCache.has_key)
    incr = _soft(_delta)(RedisCache.incr)
    set_many = _soft(_keys_back)(RedisCache.set_many)
    delete_many = _soft(_nothing)(RedisCache.delete_many)
    clear = _soft(_false)(RedisCache.clear)

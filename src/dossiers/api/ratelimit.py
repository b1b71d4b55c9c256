"""Requests per client address for the read API, counted in the Django cache.

A fixed window counter: the first request of a window creates `api-rate:<window>:<address>`
with `cache.add`, every request increments it with `cache.incr`. Both are atomic in
Redis (SET NX, INCR) and in the per-process memory cache, so with DOSSIERS_CACHE_URL set
every gunicorn worker and every machine counts against the same number. The price of
a fixed window is that a client may send up to twice the rate across a window's edge;
in exchange a check costs two cache operations and no database query, and the limit
applies before the response cache, so cached answers and 304s count too.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

from dossiers.core.config import conf
from dossiers.core.http import client_ip

API_PREFIX = "/api/"

_UNITS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}
_RATE = re.compile(r"^\s*(\d{1,9})\s*/\s*(\d{0,6})\s*([a-z]+?)s?\s*$")
_OFF = {"off", "none", "0"}


class RateError(ValueError):
    """DOSSIERS_API_RATE cannot be read."""


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int

    def __str__(self) -> str:
        for name, seconds in (("day", 86400), ("hour", 3600), ("minute", 60)):
            if self.seconds == seconds:
                return f"{self.requests} per {name}"
        return f"{self.requests} per {self.seconds} seconds"


@lru_cache(maxsize=8)
def parse_rate(text: str) -> Rate | None:
    """'120/min', '10/s', '5000/hour', '100/10s'; 'off' (or 0) for no limit."""
    raw = text.strip().lower()
    if raw in _OFF:
        return None
    match = _RATE.match(raw)
    unit = match and _UNITS.get(match[3])
    if not match or not unit:
        raise RateError(
            f"DOSSIERS_API_RATE: write requests/period, e.g. 120/min, 10/s, 5000/hour, "
            f"100/10s, or off; got {text!r}"
        )
    requests, multiple = int(match[1]), int(match[2] or 1)
    if requests < 1 or multiple < 1:
        raise RateError(f"DOSSIERS_API_RATE: the numbers must be 1 or more; got {text!r}")
    return Rate(requests, multiple * unit)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


def rate_check(
    *, address: str, rate: Rate, now: float | None = None, store: BaseCache | None = None
) -> Verdict:
    """Count one request from `address`; refuse it when the window's count is over the rate.

    `store` is the default cache unless given (tests pass two clients of one Redis).
    """
    now = time.time() if now is None else now
    store = store or cache
    window = int(now // rate.seconds)
    key = f"api-rate:{rate.seconds}:{window}:{address}"
    store.add(key, 0, timeout=rate.seconds + 1)
    try:
        count = store.incr(key)
    except ValueError:  # the key expired between add and incr (a window's last instant)
        store.set(key, 1, timeout=rate.seconds + 1)
        count = 1
    if count <= rate.requests:
        return Verdict(True)
    return Verdict(False, retry_after=max(1, math.ceil((window + 1) * rate.seconds - now)))


def too_many_requests(rate: Rate, verdict: Verdict) -> HttpResponse:
    detail = (
        f"Too many requests: this API answers {rate} to each address. "
        f"Try again in {verdict.retry_after} seconds."
    )
    response = HttpResponse(
        json.dumps({"detail": detail}), status=429, content_type="application/json; charset=utf-8"
    )
    response["Retry-After"] = str(verdict.retry_after)
    return response


class ApiRateLimitMiddleware:
    """429 with Retry-After for an address over DOSSIERS_API_RATE on any /api/ path."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        try:  # a server with a rate it cannot read refuses to start (`dossiers check` says too)
            parse_rate(conf().api_rate)
        except RateError as error:
            raise ImproperlyConfigured(str(error)) from None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            rate = parse_rate(conf().api_rate)
            if rate is not None:
                verdict = rate_check(address=client_ip(request), rate=rate)
                if not verdict.allowed:
                    return too_many_requests(rate, verdict)
        return self.get_response(request)

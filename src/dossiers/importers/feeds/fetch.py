"""Fetching a feed over http(s): a timeout, a size cap, no redirect to another scheme."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any

from dossiers import __version__
from dossiers.core.config import conf
from dossiers.core.validation import has_http_scheme
from dossiers.importers.errors import ImportRefused

USER_AGENT = f"Dossiers/{__version__} feed importer"


def size_cap() -> int:
    """The largest feed read, in bytes (DOSSIERS_FEED_FETCH_MAX_MB)."""
    return conf().feed_fetch_max_mb * 1024 * 1024


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if not has_http_scheme(newurl):
            raise ImportRefused(f"{req.full_url}: redirected to {newurl}, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(
    url: str, *, timeout: float | None = None, limit: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """The body and headers of an http(s) URL, refused past `limit` bytes or `timeout` s."""
    if not has_http_scheme(url):
        raise ImportRefused(f"{url}: only http and https addresses can be fetched")
    limit = size_cap() if limit is None else limit
    timeout = conf().feed_fetch_timeout if timeout is None else timeout
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})  # noqa: S310
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise ImportRefused(f"{url}: {int(declared) / 2**20:.1f} MB, over the feed limit")
            data = response.read(limit + 1)
            headers = {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        raise ImportRefused(f"{url}: the server answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ImportRefused(f"{url}: could not fetch it ({reason})") from None
    if len(data) > limit:
        raise ImportRefused(
            f"{url}: more than {limit / 2**20:.0f} MB (DOSSIERS_FEED_FETCH_MAX_MB); refused"
        )
    return data, headers

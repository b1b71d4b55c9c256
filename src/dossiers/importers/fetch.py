"""The one way an importer fetches a URL (a feed today, WordPress media next), kept outside.

Rules, each refused with an `ImportRefused` that says what went wrong:

- http and https only, on any port; no user name or password in the URL;
- the host name is resolved once, and every address it resolves to is checked: none
  may be private, loopback, link-local, shared (100.64/10), reserved, multicast or
  unspecified, nor an IPv4 address of those kinds written as IPv6
  (`[::ffff:127.0.0.1]`). Numeric spellings (`2130706433`, `0x7f.1`) and
  `localhost` resolve to what they name and are refused with it;
- the connection goes to the address that was checked (no second resolution that a
  DNS answer could change), with the URL's host name in the Host header and, for
  https, in SNI and the certificate check;
- a redirect is followed only to an http(s) URL whose addresses pass the same
  check, at most `MAX_REDIRECTS` times;
- at most `limit` bytes are read (the declared Content-Length is checked first),
  and the whole fetch, redirects included, must end within `timeout` seconds.

`DOSSIERS_IMPORT_ALLOW_PRIVATE=1` lets an intranet import reach private and
loopback addresses; the other rules stay.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from dossiers import __version__
from dossiers.core.config import conf
from dossiers.importers.errors import ImportRefused

USER_AGENT = f"Dossiers/{__version__} importer"
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Fetched:
    url: str  # the last URL, after redirects
    body: bytes
    headers: dict[str, str]  # lower-case names


def fetch(url: str, *, limit: int, timeout: float, allow_private: bool | None = None) -> Fetched:
    """The body of an http(s) URL, following the rules above."""
    allow = conf().import_allow_private if allow_private is None else allow_private
    deadline = time.monotonic() + timeout
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        target = _Target.of(current)
        address = checked_address(target.host, target.port, allow_private=allow, url=current)
        status, location, headers, body = _get(target, address, limit=limit, deadline=deadline)
        if status in _REDIRECTS and location:
            current = urljoin(current, location)
            continue
        if status in _REDIRECTS:
            raise ImportRefused(f"{current}: the server answered {status} without a Location")
        if status >= 400:
            raise ImportRefused(f"{current}: the server answered {status}")
        return Fetched(current, body, headers)
    raise ImportRefused(f"{url}: more than {MAX_REDIRECTS} redirects; refused")


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str
    port: int
    path: str

    @classmethod
    def of(cls, url: str) -> _Target:
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError as error:
            raise ImportRefused(f"{url[:200]}: not a valid URL ({error})") from None
        scheme = parts.scheme.lower()
        if scheme not in {"http", "https"}:
            raise ImportRefused(f"{url[:200]}: only http and https addresses can be fetched")
        if parts.username is not None or parts.password is not None:
            raise ImportRefused(f"{url[:200]}: a user name or password in the URL is refused")
        host = (parts.hostname or "").rstrip(".")
        if not host:
            raise ImportRefused(f"{url[:200]}: no host name in the URL")
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return cls(url, scheme, host, port or (443 if scheme == "https" else 80), path)


def blocked_reason(address: IPAddress) -> str:
    """Why an importer may not connect to `address` ("" when it may)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            reason = blocked_reason(embedded)
            return f"{reason} (written as IPv6)" if reason else ""
    for flag, reason in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_private", "private"),
    ):
        if getattr(address, flag):
            return f"a {reason} address"
    if not address.is_global:
        return "not a public address"
    return ""


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to (tests replace this: no DNS here)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as error:
        raise ImportRefused(f"{host}: the host name does not resolve ({error})") from None
    found: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


def checked_address(host: str, port: int, *, allow_private: bool, url: str) -> IPAddress:
    """The address to connect to: `host` resolved once, every answer checked."""
    local = host.lower() == "localhost" or host.lower().endswith(".localhost")
    if local and not allow_private:
        raise ImportRefused(
            f"{url}: {host} is this machine; refused (DOSSIERS_IMPORT_ALLOW_PRIVATE=1 "
            "allows private addresses for an intranet import)"
        )
    addresses = resolve(host, port)
    if not addresses:
        raise ImportRefused(f"{url}: {host} resolves to no address")
    if not allow_private:
        for address in addresses:
            reason = blocked_reason(address)
            if reason:
                raise ImportRefused(
                    f"{url}: {host} resolves to {address}, {reason}; refused "
                    "(DOSSIERS_IMPORT_ALLOW_PRIVATE=1 allows private addresses for an "
                    "intranet import)"
                )
    return addresses[0]


def connect(address: IPAddress, port: int, timeout: float) -> socket.socket:
    """A TCP connection to the checked address (tests replace this: no internet here)."""
    return socket.create_connection((str(address), port), timeout=timeout)


class _PinnedHTTP(http.client.HTTPConnection):
    """HTTP to the checked address; the Host header keeps the URL's host name."""

    pinned: socket.socket

    def __init__(self, host: str, port: int, address: IPAddress, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = self.pinned = connect(self.address, self.port, self.timeout or 10)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to the checked address; SNI and the certificate check use the host name."""

    pinned: socket.socket

    def __init__(self, host: str, port: int, address: IPAddress, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = connect(self.address, self.port, self.timeout or 10)
        self.sock = self.pinned = self._context.wrap_socket(  # type: ignore[attr-defined]
            sock, server_hostname=self.host
        )


def _get(
    target: _Target, address: IPAddress, *, limit: int, deadline: float
) -> tuple[int, str, dict[str, str], bytes]:
    """(status, Location, headers, body) of one GET, without following redirects."""
    remaining = _remaining(target.url, deadline)
    kind = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    connection = kind(target.host, target.port, address, remaining)
    try:
        connection.request(
            "GET",
            target.path,
            headers={"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "identity"},
        )
        response = connection.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        if response.status in _REDIRECTS:
            return response.status, headers.get("location", ""), headers, b""
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise ImportRefused(
                f"{target.url}: {int(declared) / 2**20:.1f} MB, over the limit of "
                f"{limit / 2**20:.1f} MB"
            )
        body = bytearray()
        while chunk := response.read1(_CHUNK):
            body += chunk
            if len(body) > limit:
                raise ImportRefused(
                    f"{target.url}: more than {limit / 2**20:.1f} MB; refused (the size limit)"
                )
            # The socket outlives the connection object's reference to it (http.client
            # drops it once the response is read to its end): each wait is what is left.
            connection.pinned.settimeout(_remaining(target.url, deadline))
        return response.status, "", headers, bytes(body)
    except ImportRefused:
        raise
    except TimeoutError:
        raise ImportRefused(f"{target.url}: no answer in time (the time limit)") from None
    except ssl.SSLError as error:
        raise ImportRefused(f"{target.url}: the secure connection failed ({error})") from None
    except (OSError, http.client.HTTPException) as error:
        raise ImportRefused(f"{target.url}: could not fetch it ({error})") from None
    finally:
        connection.close()


def _remaining(url: str, deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise ImportRefused(f"{url}: no answer in time (the time limit)")
    return left

"""The importers' fetcher stays outside: http(s) only, no private address (however it is
spelt, or redirected to), one DNS resolution pinned for the connection, size and time
caps. No internet here: a local server, and DNS and connections replaced where a
public address must be pretended."""

from __future__ import annotations

import http.server
import ipaddress
import socket
import threading
import time

import pytest

from dossiers.importers import feeds
from dossiers.importers import fetch as fetcher
from dossiers.importers.errors import ImportRefused

PUBLIC = ipaddress.ip_address("93.184.216.34")  # pretended answer for feeds.example


class _Handler(http.server.BaseHTTPRequestHandler):
    hosts: list[str] = []

    def do_GET(self):
        _Handler.hosts.append(self.headers.get("Host", ""))
        port = self.server.server_address[1]
        routes = {
            "/to-local": f"http://127.0.0.1:{port}/feed",
            "/to-file": "file:///etc/passwd",
            "/loop": f"http://feeds.example:{port}/loop",
            "/hop": f"http://feeds.example:{port}/feed",
        }
        if self.path in routes:
            self.send_response(302)
            self.send_header("Location", routes[self.path])
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(3)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if self.path == "/big":
            self.send_header("Content-Length", str(2_000_000))
        self.end_headers()
        if self.path == "/unsized":
            for _ in range(40):
                self.wfile.write(b"x" * 1000)
        elif self.path == "/drip":
            for _ in range(20):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.25)
        else:
            self.wfile.write(b"<rss version='2.0'><channel><title>T</title></channel></rss>")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.hosts = []
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def public_name(monkeypatch, server):
    """feeds.example resolves to a public address; connecting to it reaches the local
    server (as if it were that host). Other names resolve for real."""
    real_resolve, real_connect = fetcher.resolve, fetcher.connect

    def resolve(host, port):
        return [PUBLIC] if host == "feeds.example" else real_resolve(host, port)

    def connect(address, port, timeout):
        if address == PUBLIC:
            return socket.create_connection(("127.0.0.1", port), timeout=timeout)
        return real_connect(address, port, timeout)

    monkeypatch.setattr(fetcher, "resolve", resolve)
    monkeypatch.setattr(fetcher, "connect", connect)
    return f"http://feeds.example:{server}"


@pytest.fixture
def allow_private(settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "IMPORT_ALLOW_PRIVATE": True}


def get(url, **kwargs):
    return fetcher.fetch(url, **{"limit": 100_000, "timeout": 5, **kwargs})


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback address (written as IPv6)"),
        ("::ffff:10.0.0.1", "private"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),  # the cloud metadata service
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 - an address to refuse, not to bind
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not a public address"),  # carrier-grade NAT
        ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
    ],
)
def test_every_kind_of_private_address_is_blocked(address, reason):
    assert reason in fetcher.blocked_reason(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1::1", "8.8.8.8"])
def test_public_addresses_pass(address):
    assert fetcher.blocked_reason(ipaddress.ip_address(address)) == ""


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://sub.localhost/",
        "http://2130706433/",  # 127.0.0.1 as one decimal number
        "http://0x7f.1/",  # and in hexadecimal, abbreviated
        "http://127.1/",
        "http://0/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data/",
        "https://10.0.0.1:8443/feed",
    ],
)
def test_private_hosts_are_refused_however_spelt(url, monkeypatch):
    def no_connection(*args):
        raise AssertionError("connected to a refused address")

    monkeypatch.setattr(fetcher, "connect", no_connection)
    with pytest.raises(ImportRefused, match="refused"):
        get(url, allow_private=False)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://example.org/feed", "only http and https"),
        ("gopher://127.0.0.1:6379/_INFO", "only http and https"),
        ("http://[oops/", "not a valid URL"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http:///feed", "no host name"),
    ],
)
def test_what_is_not_a_plain_http_url_is_refused(url, message):
    with pytest.raises(ImportRefused, match=message):
        get(url)


def test_a_local_server_is_refused_by_default_and_allowed_by_the_setting(server, settings):
    url = f"http://127.0.0.1:{server}/feed"
    with pytest.raises(ImportRefused, match=r"127\.0\.0\.1, a loopback address; refused"):
        get(url)
    with pytest.raises(ImportRefused, match="DOSSIERS_IMPORT_ALLOW_PRIVATE"):
        list(feeds.read(url))
    settings.DOSSIERS = {**settings.DOSSIERS, "IMPORT_ALLOW_PRIVATE": True}
    assert get(url).body.startswith(b"<rss")
    assert next(iter(feeds.read(url))).title == "T"


def test_the_connection_goes_to_the_checked_address_with_the_host_name_kept(public_name):
    fetched = get(f"{public_name}/feed")
    assert fetched.body.startswith(b"<rss")
    assert _Handler.hosts == [public_name.removeprefix("http://")]


def test_a_redirect_to_a_private_address_is_refused(public_name):
    with pytest.raises(ImportRefused, match=r"127\.0\.0\.1.*loopback address; refused"):
        get(f"{public_name}/to-local")


def test_a_redirect_is_checked_and_followed_a_few_times_only(public_name):
    assert get(f"{public_name}/hop").url == f"{public_name}/feed"
    with pytest.raises(ImportRefused, match="only http and https"):
        get(f"{public_name}/to-file")
    with pytest.raises(ImportRefused, match=f"more than {fetcher.MAX_REDIRECTS} redirects"):
        get(f"{public_name}/loop")


def test_the_dns_answer_is_checked_whole_and_used_once(monkeypatch):
    calls = []

    def resolve(host, port):
        calls.append(host)
        return [PUBLIC, ipaddress.ip_address("10.0.0.1")]  # one bad answer is enough

    monkeypatch.setattr(fetcher, "resolve", resolve)
    with pytest.raises(ImportRefused, match=r"10\.0\.0\.1, a private address"):
        get("http://rebind.example/feed", allow_private=False)
    assert calls == ["rebind.example"]


@pytest.mark.usefixtures("allow_private")
def test_the_size_cap_holds_with_and_without_a_declared_length(server):
    with pytest.raises(ImportRefused, match="over the limit"):
        get(f"http://127.0.0.1:{server}/big", limit=1000)
    with pytest.raises(ImportRefused, match="the size limit"):
        get(f"http://127.0.0.1:{server}/unsized", limit=1000)
    assert len(get(f"http://127.0.0.1:{server}/unsized", limit=40_000).body) == 40_000


@pytest.mark.usefixtures("allow_private")
def test_the_time_cap_holds_for_a_silent_and_a_dripping_server(server):
    started = time.monotonic()
    with pytest.raises(ImportRefused, match="time limit"):
        get(f"http://127.0.0.1:{server}/slow", timeout=1)
    with pytest.raises(ImportRefused, match="time limit"):
        get(f"http://127.0.0.1:{server}/drip", timeout=1)
    assert time.monotonic() - started < 4

"""Page latency and throughput of the production server on a synthetic corpus.

Builds (or reuses) an SQLite database with the corpus from corpus.py, starts
`dossiers serve` with 2 gunicorn workers, then prints the median and p95
latency of the hub (pages 1 and 5), article, author and home pages over N
sequential requests each, and the requests per second wrk measures on the hub
page at 32 connections.

    python benchmarks/pages.py [--requests 300] [--duration 10] [--rebuild]
    DATABASE_URL=postgres://... python benchmarks/pages.py   # the same on PostgreSQL
                                    # (in a database of its own, dossiers_bench_pages)
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
BIN = Path(sys.executable).parent / "dossiers"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PG_NAME = "dossiers_bench_pages"


def prepare(env: dict[str, str], options: argparse.Namespace) -> None:
    """Build the corpus, or reuse the one built last time. On PostgreSQL (DATABASE_URL), the
    corpus lives in a database of its own on that server, `dossiers_bench_pages`."""
    postgres = env.get("DATABASE_URL", "").startswith("postgres")
    if postgres:
        server = env["DATABASE_URL"].rsplit("/", 1)[0]
        env["DATABASE_URL"] = f"{server}/{PG_NAME}"
    marker = Path(env["DOSSIERS_DATA_DIR"]) / (
        f"corpus-{'pg-' if postgres else ''}{options.articles}.done"
    )
    if marker.exists() and not options.rebuild:
        # The corpus is kept; the schema follows the code (cheap when nothing changed).
        subprocess.run([str(BIN), "migrate", "--noinput", "-v0"], env=env, check=True)
        return
    if postgres:
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}"')
            connection.execute(f'CREATE DATABASE "{PG_NAME}"')
    else:
        shutil.rmtree(env["DOSSIERS_DATA_DIR"], ignore_errors=True)
    Path(env["DOSSIERS_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    subprocess.run([str(BIN), "migrate", "--noinput", "-v0"], env=env, check=True)
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "corpus.py"),
            "--articles",
            str(options.articles),
            "--entities",
            str(options.entities),
            "--hubs",
            str(options.hubs),
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    print(f"corpus built in {time.perf_counter() - started:.1f} s ({result.stdout.strip()})")
    marker.touch()


def bench_env(**extra: str) -> dict[str, str]:
    """The environment every server benchmark runs with: the corpus of this script."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.setdefault("DOSSIERS_DATA_DIR", str(OUT / "pages"))
    env["SECRET_KEY"] = "benchmark-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
    return env | extra


@contextmanager
def serving(env: dict[str, str], *, workers: int = 2, port: int = 0) -> Iterator[int]:
    """`dossiers serve` (gunicorn, no task worker) on a free port, stopped on the way out."""
    port = port or free_port()
    server = subprocess.Popen(
        [str(BIN), "serve", "--port", str(port), "--workers", str(workers), "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def pick_urls(env: dict[str, str]) -> dict[str, str]:
    """A hub with at least five pages, one of its articles and its author."""
    script = (
        "from django.db.models import Count;"
        "from dossiers.hubs.models import Hub;"
        "from dossiers.publishing.models import Article;"
        "t = Hub.objects.annotate(n=Count('memberships')).filter(n__gte=60)"
        ".order_by('n').first();"
        "a = Article.objects.filter(memberships__hub=t).order_by('-published_at').first();"
        "print(t.slug, t.memberships.count(), a.slug, a.authors.first().slug)"
    )
    out = subprocess.run(
        [str(BIN), "shell", "-c", script], env=env, check=True, capture_output=True, text=True
    )
    hub, size, article, author = out.stdout.split()[-4:]
    print(f"hub /topics/{hub}/ collects {size} articles")
    return {
        "hub p1": f"/topics/{hub}/",
        "hub p5": f"/topics/{hub}/?page=5",
        "article": f"/analysis/{article}/",
        "author": f"/authors/{author}/",
        "home": "/",
    }


def get(port: int, path: str) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def wait_for(port: int) -> None:
    for _ in range(200):
        try:
            get(port, "/")
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def latency(port: int, urls: dict[str, str], n: int) -> None:
    print(f"\nlatency over {n} sequential requests (ms)")
    print(f"{'page':<10} {'median':>8} {'p95':>8}")
    for name, path in urls.items():
        for _ in range(20):
            get(port, path)  # warm every worker
        samples = sorted(get(port, path) for _ in range(n))
        p95 = samples[int(len(samples) * 0.95) - 1]
        print(f"{name:<10} {statistics.median(samples):>8.2f} {p95:>8.2f}")


def throughput(port: int, path: str, seconds: int, connections: int) -> None:
    if not shutil.which("wrk"):
        print("\nwrk is not installed (apt-get install wrk): throughput not measured")
        return
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    )
    rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    p50 = re.search(r"^\s*50%\s+(\S+)", result.stdout, re.MULTILINE)
    print(
        f"\nwrk {connections} connections, {seconds} s on {path}: "
        f"{float(rate.group(1)) if rate else 0:.0f} req/s, median {p50.group(1) if p50 else '?'}"
        f"{', NON-2xx: ' + errors.group(1) if errors else ''}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--entities", type=int, default=2_000)
    parser.add_argument("--hubs", type=int, default=200)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--cold", action="store_true", help="disable the page cache: every request renders"
    )
    options = parser.parse_args()
    env = bench_env()
    prepare(env, options)
    if options.cold:
        env["DOSSIERS_PAGE_CACHE_SECONDS"] = "0"
    urls = pick_urls(env)
    with serving(env, workers=options.workers) as port:
        database = "PostgreSQL" if "postgres" in env.get("DATABASE_URL", "") else "SQLite"
        cache = "page cache OFF (every request renders)" if options.cold else "page cache on"
        print(f"server: gunicorn, {options.workers} sync workers, {database}, {cache}")
        latency(port, urls, options.requests)
        throughput(port, urls["hub p1"], options.duration, options.connections)


if __name__ == "__main__":
    main()

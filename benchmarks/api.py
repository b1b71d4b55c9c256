"""Latency of the read API on the production server and the pages benchmark's corpus.

Reuses pages.py: the same synthetic corpus (10,000 articles, 2,000 entities, 200 hubs)
in the same database, `dossiers serve` with 2 gunicorn workers, the rate limit off.
Prints the median and p95 latency of API operations over N sequential requests each:
with the response cache (production), and with `--cold` (every request computed).
Also the latency of a conditional request answered 304.

    python benchmarks/api.py [--requests 300] [--cold] [--port 8223]
    DATABASE_URL=postgres://... python benchmarks/api.py
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import subprocess
import time

# Run as a script, benchmarks/ is on the path: the corpus and the server are pages.py's.
from pages import BIN, bench_env, prepare, serving


def pick_paths(env: dict[str, str]) -> dict[str, str]:
    """A hub with at least five pages of 20, one of its articles, its author, an entity."""
    script = (
        "from django.db.models import Count;"
        "from dossiers.hubs.models import Hub;"
        "from dossiers.publishing.models import Article;"
        "from dossiers.knowledge.models import Mention;"
        "t = Hub.objects.annotate(n=Count('memberships')).filter(n__gte=100)"
        ".order_by('n').first();"
        "a = Article.objects.filter(memberships__hub=t).order_by('-published_at').first();"
        "e = Mention.objects.filter(article=a).order_by('-salience').first().entity;"
        "print(t.slug, a.slug, a.authors.first().slug, e.slug)"
    )
    out = subprocess.run(
        [str(BIN), "shell", "-c", script], env=env, check=True, capture_output=True, text=True
    )
    hub, article, author, entity = out.stdout.split()[-4:]
    v1 = "/api/v1"
    return {
        "hubs": f"{v1}/hubs",
        "hub": f"{v1}/hubs/{hub}",
        "hub articles p5": f"{v1}/hubs/{hub}/articles?page=5",
        "articles": f"{v1}/articles",
        "articles filtered": f"{v1}/articles?hub={hub}&entity={entity}&date_from=2020-01-01",
        "article": f"{v1}/articles/{article}",
        "comments": f"{v1}/articles/{article}/comments",
        "author articles": f"{v1}/authors/{author}/articles",
        "entities": f"{v1}/entities?page=3",
        "entity": f"{v1}/entities/{entity}",
        "entity articles": f"{v1}/entities/{entity}/articles",
    }


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[float, int, str]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status not in (200, 304):
        raise RuntimeError(f"{path} answered {response.status}")
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, response.status, response.getheader("ETag") or ""


def latency(port: int, paths: dict[str, str], n: int) -> None:
    print(f"\nlatency over {n} sequential requests (ms)")
    print(f"{'operation':<18} {'median':>8} {'p95':>8}")
    for name, path in paths.items():
        for _ in range(10):
            get(port, path)  # warm every worker
        samples = sorted(get(port, path)[0] for _ in range(n))
        p95 = samples[int(len(samples) * 0.95) - 1]
        print(f"{name:<18} {statistics.median(samples):>8.2f} {p95:>8.2f}")
    path = paths["hub articles p5"]
    etag = get(port, path)[2]
    answers = [get(port, path, {"If-None-Match": etag}) for _ in range(n)]
    assert all(status == 304 for _, status, _ in answers)
    samples = sorted(ms for ms, _, _ in answers)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{'304 (If-None-Match)':<18} {statistics.median(samples):>8.2f} {p95:>8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--entities", type=int, default=2_000)
    parser.add_argument("--hubs", type=int, default=200)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--cold", action="store_true", help="no response cache")
    options = parser.parse_args()
    env = bench_env(DOSSIERS_API_RATE="off")
    prepare(env, options)
    if options.cold:
        env["DOSSIERS_PAGE_CACHE_SECONDS"] = "0"
    paths = pick_paths(env)
    with serving(env, workers=options.workers, port=options.port) as port:
        database = "PostgreSQL" if "postgres" in env.get("DATABASE_URL", "") else "SQLite"
        cache = "response cache OFF (every request computed)" if options.cold else "cache on"
        print(f"server: gunicorn, {options.workers} sync workers, {database}, {cache}")
        latency(port, paths, options.requests)


if __name__ == "__main__":
    main()

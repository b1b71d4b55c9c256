"""Mixed load: 32 connections of readers and commenters against the production server.

90 % of requests read (hub pages, articles, authors, entities, glossary, home, feeds,
sitemaps, the API), 10 % post a comment through the real form (the article page is
read first for its CSRF token and ticket, as a browser does). Prints the requests per
second, the 5xx count (target 0) and p50/p99 latency of reads and of posts, then checks
the database: every comment the site acknowledged (a redirect after the post) is stored
exactly once, held for moderation (first-time commenters), and shown on no public page.

    python benchmarks/load.py [--duration 60] [--connections 32]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        DOSSIERS_CACHE_URL=redis://127.0.0.1:6379/5 python benchmarks/load.py

Uses the corpus of pages.py (built on first use). Each commenter posts from an address of
its own (X-Forwarded-For behind one trusted proxy), so the per-address rate limit keeps
its production value; the form's minimum time to submit is set to 0 (a benchmark reader
does not need to read).
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import statistics
import subprocess
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field

from pages import BIN, bench_env, prepare, serving

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TICKET = re.compile(r'name="ticket" value="([^"]+)"')


@dataclass
class Tally:
    reads: list[float] = field(default_factory=list)
    posts: list[float] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    other_errors: list[str] = field(default_factory=list)
    acknowledged: list[tuple[str, str]] = field(default_factory=list)  # (article slug, marker)
    lock: threading.Lock = field(default_factory=threading.Lock)


def request(
    port: int, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body or None, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    elapsed = (time.perf_counter() - started) * 1000
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data, elapsed


def read_paths(env: dict[str, str]) -> tuple[list[str], list[str]]:
    """Every kind of page, feed and API answer, and the articles commenters post to."""
    script = (
        "import json;"
        "from dossiers.hubs.models import Hub;"
        "from dossiers.publishing.models import Article, Author;"
        "from dossiers.knowledge.models import Entity;"
        "print(json.dumps({"
        "'hubs': list(Hub.objects.filter(status='published').values_list('slug', flat=True)[:40]),"
        "'articles': list(Article.objects.visible().values_list('slug', flat=True)[:400]),"
        "'authors': list(Author.objects.values_list('slug', flat=True)[:20]),"
        "'entities': list(Entity.objects.values_list('slug', flat=True)[:200])}))"
    )
    out = subprocess.run(
        [str(BIN), "shell", "-c", script], env=env, check=True, capture_output=True, text=True
    )
    found = json.loads(out.stdout.strip().splitlines()[-1])
    paths = ["/", "/topics/", "/glossary/", "/rss.xml", "/sitemap.xml", "/sitemap-articles.xml"]
    paths += ["/api/v1/hubs", "/api/v1/articles", "/search/?q=security"]
    for slug in found["hubs"]:
        paths += [f"/topics/{slug}/", f"/topics/{slug}/?page=2", f"/topics/{slug}/atom.xml"]
        paths += [f"/api/v1/hubs/{slug}", f"/api/v1/hubs/{slug}/articles"]
    paths += [f"/analysis/{slug}/" for slug in found["articles"]]
    paths += [f"/api/v1/articles/{slug}" for slug in found["articles"][:50]]
    paths += [f"/authors/{slug}/" for slug in found["authors"]]
    paths += [f"/entities/{slug}/" for slug in found["entities"]]
    return paths, found["articles"][:50]


def post_comment(port: int, slug: str, tally: Tally, rng: random.Random) -> None:
    status, headers, page, elapsed = request(port, "GET", f"/analysis/{slug}/")
    with tally.lock:
        tally.reads.append(elapsed)
    if status >= 500:
        with tally.lock:
            tally.server_errors.append(f"GET /analysis/{slug}/ {status}")
        return
    text = page.decode()
    token, ticket = TOKEN.search(text), TICKET.search(text)
    cookie = headers.get("set-cookie", "").split(";", 1)[0]
    if not (token and ticket and cookie):
        with tally.lock:
            tally.other_errors.append(f"no form on /analysis/{slug}/")
        return
    marker = f"load-{uuid.uuid4().hex}"
    address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    form = {
        "csrfmiddlewaretoken": token.group(1),
        "ticket": ticket.group(1),
        "name": "Load tester",
        "email": f"{marker}@example.net",
        "url": "",
        "body": f"A comment under load ({marker}).",
        "website": "",
    }
    status, headers, _body, elapsed = request(
        port,
        "POST",
        f"/analysis/{slug}/comments/",
        body=urllib.parse.urlencode(form),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "X-Forwarded-For": address,
        },
    )
    with tally.lock:
        tally.posts.append(elapsed)
        if status >= 500:
            tally.server_errors.append(f"POST /analysis/{slug}/comments/ {status}")
        elif status in (302, 303):
            tally.acknowledged.append((slug, marker))
        else:
            tally.other_errors.append(f"POST /analysis/{slug}/comments/ answered {status}")


def worker(
    port: int, deadline: float, paths: list[str], articles: list[str], tally: Tally, seed: int
) -> None:
    rng = random.Random(seed)
    while time.perf_counter() < deadline:
        try:
            if rng.random() < 0.10:
                post_comment(port, rng.choice(articles), tally, rng)
                continue
            path = rng.choice(paths)
            status, _headers, _body, elapsed = request(port, "GET", path)
            with tally.lock:
                tally.reads.append(elapsed)
                if status >= 500:
                    tally.server_errors.append(f"GET {path} {status}")
        except OSError as error:
            with tally.lock:
                tally.other_errors.append(f"connection: {error}")


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def verify(env: dict[str, str], port: int, tally: Tally) -> tuple[int, int, int]:
    """(lost, duplicated, shown publicly) among the acknowledged comments."""
    markers = [marker for _slug, marker in tally.acknowledged]
    script = (
        "import json, sys;"
        "from collections import Counter;"
        "from dossiers.comments.models import Comment;"
        "rows = Comment.objects.filter(body__contains='(load-').values_list('body', 'status');"
        "print(json.dumps([[b, s] for b, s in rows]))"
    )
    out = subprocess.run(
        [str(BIN), "shell", "-c", script], env=env, check=True, capture_output=True, text=True
    )
    rows = json.loads(out.stdout.strip().splitlines()[-1])
    counts: dict[str, int] = {}
    for body, _status in rows:
        found = re.search(r"\((load-[0-9a-f]+)\)", body)
        if found:
            counts[found.group(1)] = counts.get(found.group(1), 0) + 1
    lost = sum(1 for marker in markers if counts.get(marker, 0) == 0)
    duplicated = sum(1 for marker in markers if counts.get(marker, 0) > 1)
    shown = 0
    for slug in sorted({slug for slug, _marker in tally.acknowledged}):
        _status, _headers, page, _elapsed = request(port, "GET", f"/analysis/{slug}/")
        shown += len(re.findall(rb"\(load-[0-9a-f]+\)", page))
    return lost, duplicated, shown


# Commenters wait no minimum time and post from addresses of their own (one trusted proxy).
LOAD_SETTINGS = {"DOSSIERS_COMMENTS_MIN_SECONDS": "0", "DOSSIERS_TRUSTED_PROXY_COUNT": "1"}


def run_load(
    port: int, seconds: float, connections: int, paths: list[str], articles: list[str]
) -> tuple[Tally, float]:
    """`connections` readers and commenters for `seconds`; the tally and the time taken."""
    tally = Tally()
    deadline = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=worker, args=(port, deadline, paths, articles, tally, i))
        for i in range(connections)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--entities", type=int, default=2_000)
    parser.add_argument("--hubs", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()
    env = bench_env()
    prepare(env, options)
    env |= LOAD_SETTINGS
    paths, articles = read_paths(env)
    with serving(env, workers=options.workers) as port:
        database = "PostgreSQL" if "postgres" in env.get("DATABASE_URL", "") else "SQLite"
        cache = "Redis" if env.get("DOSSIERS_CACHE_URL") else "per-process memory"
        print(f"server: gunicorn, {options.workers} workers, {database}, cache: {cache}")
        tally, seconds = run_load(port, options.duration, options.connections, paths, articles)
        total = len(tally.reads) + len(tally.posts)
        print(
            f"{options.connections} connections, {seconds:.0f} s: {total:,} requests "
            f"({total / seconds:.0f}/s), of which {len(tally.posts):,} comment posts"
        )
        print(f"5xx answers: {len(tally.server_errors)} (target 0)")
        for line in tally.server_errors[:5] + tally.other_errors[:5]:
            print("  ", line)
        print(
            f"reads  p50 {statistics.median(tally.reads or [0]):.1f} ms, "
            f"p99 {percentile(tally.reads, 0.99):.1f} ms"
        )
        print(
            f"posts  p50 {statistics.median(tally.posts or [0]):.1f} ms, "
            f"p99 {percentile(tally.posts, 0.99):.1f} ms"
        )
        lost, duplicated, shown = verify(env, port, tally)
        print(
            f"acknowledged comments: {len(tally.acknowledged):,}; lost {lost}, duplicated "
            f"{duplicated}, shown publicly while held {shown} (targets 0)"
        )


if __name__ == "__main__":
    main()

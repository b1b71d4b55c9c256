"""Faults on purpose, and the final state checked exactly.

1. `import`: `dossiers import wxr` of a synthetic export (imports.py's writer) is killed
   with SIGKILL at random moments, then run to the end; the database must then hold
   exactly what one clean import gives (articles, comments, hubs, memberships, old
   addresses), nothing twice.
2. `worker`: under mixed load (load.py's readers and commenters), a gunicorn worker is
   killed with SIGKILL every few seconds; every acknowledged comment must be stored once.
3. `redis` (with DOSSIERS_CACHE_URL): Redis is stopped under load and started again;
   the site keeps serving from the database: 0 answers 5xx.
4. `postgres` (with DATABASE_URL=postgres://…): PostgreSQL is restarted under load;
   requests during the restart may fail, the site must serve again after it, and every
   acknowledged comment is stored once.

    python benchmarks/faults.py import [--posts 2000] [--kills 5]
    python benchmarks/faults.py worker [--duration 30]
    DOSSIERS_CACHE_URL=redis://127.0.0.1:6379/5 python benchmarks/faults.py redis
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python benchmarks/faults.py postgres

Steps 3 and 4 stop the machine's own Redis or PostgreSQL for a few seconds (as root):
run them where nothing else needs those services at that moment.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from load import LOAD_SETTINGS, read_paths, run_load, verify
from pages import BIN, OUT, bench_env, prepare, serving

FAULTS = OUT / "faults"
COUNTS = (
    "import json;"
    "from dossiers.publishing.models import Article;"
    "from dossiers.comments.models import Comment;"
    "from dossiers.hubs.models import Hub, HubMembership;"
    "from dossiers.importers.models import ImportedObject, LegacyUrl;"
    "from dossiers.knowledge.models import Mention;"
    "print(json.dumps({'articles': Article.objects.count(),"
    " 'distinct slugs': Article.objects.values('slug').distinct().count(),"
    " 'comments': Comment.objects.count(), 'hubs': Hub.objects.count(),"
    " 'memberships': HubMembership.objects.count(), 'mentions': Mention.objects.count(),"
    " 'imported objects': ImportedObject.objects.count(),"
    " 'old addresses': LegacyUrl.objects.count()}))"
)


def counts(env: dict[str, str]) -> dict[str, int]:
    out = subprocess.run(
        [str(BIN), "shell", "-c", COUNTS], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh_env(name: str) -> dict[str, str]:
    folder = FAULTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DOSSIERS_DATA_DIR"] = str(folder)
    if env.get("DATABASE_URL", "").startswith("postgres"):
        # A database of its own on that server, created afresh.
        import psycopg

        server = env["DATABASE_URL"].rsplit("/", 1)[0]
        database = f"dossiers_faults_{name.replace('-', '_')}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
            connection.execute(f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = f"{server}/{database}"
    else:
        env.pop("DATABASE_URL", None)
    env["SECRET_KEY"] = "benchmark-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
    subprocess.run([str(BIN), "migrate", "--noinput", "-v0"], env=env, check=True)
    return env


def import_faults(options: argparse.Namespace) -> bool:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from imports import write_wxr

    FAULTS.mkdir(parents=True, exist_ok=True)
    export = FAULTS / "export.xml"
    write_wxr(export, options.posts)
    command = [str(BIN), "import", "wxr", str(export), "--no-progress"]
    clean_env = fresh_env("import-clean")
    started = time.perf_counter()
    subprocess.run(command, env=clean_env, check=True, capture_output=True)
    clean_seconds = time.perf_counter() - started
    expected = counts(clean_env)
    print(f"clean import of {options.posts} posts: {clean_seconds:.1f} s, {expected}")
    env = fresh_env("import-killed")
    rng = random.Random(options.seed)
    for kill in range(options.kills):
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        moment = rng.uniform(0.05, 0.95) * clean_seconds
        time.sleep(moment)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()
        print(f"kill {kill + 1}: SIGKILL after {moment:.1f} s; {counts(env)}")
    subprocess.run(command, env=env, check=True, capture_output=True)
    final = counts(env)
    same = final == expected
    print(f"after a last run to the end: {final}")
    print(f"identical to one clean import: {'yes' if same else 'NO'}")
    return same


def under_load(env: dict[str, str], seconds: int, fault: object, *, allow_5xx: bool) -> bool:
    """Serve, read and comment for `seconds` while `fault(server pid)` runs beside; then
    check that every acknowledged comment is stored once and not shown while held."""
    env = env | LOAD_SETTINGS
    paths, articles = read_paths(env)
    with serving(env) as port:
        server = int(
            subprocess.run(
                ["pgrep", "-f", f"serve --port {port}"], capture_output=True, text=True
            ).stdout.split()[0]
        )
        saboteur = threading.Thread(target=fault, args=(server,))  # type: ignore[arg-type]
        saboteur.start()
        tally, _seconds = run_load(port, seconds, 16, paths, articles)
        saboteur.join()
        lost, duplicated, shown = verify(env, port, tally)
    total = len(tally.reads) + len(tally.posts)
    print(
        f"{total:,} requests, {len(tally.server_errors)} answered 5xx, "
        f"{len(tally.other_errors)} refused or cut; {len(tally.acknowledged)} comments "
        f"acknowledged: lost {lost}, duplicated {duplicated}, shown while held {shown}"
    )
    return lost == duplicated == shown == 0 and (allow_5xx or not tally.server_errors)


def corpus_env() -> dict[str, str]:
    env = bench_env()
    prepare(env, argparse.Namespace(articles=10_000, entities=2_000, hubs=200, rebuild=False))
    return env


def worker_faults(options: argparse.Namespace) -> bool:
    env = corpus_env()

    def kill_workers(server: int) -> None:
        for _ in range(options.duration // 5):
            time.sleep(5)
            children = subprocess.run(
                ["pgrep", "-P", str(server)], capture_output=True, text=True
            ).stdout.split()
            if children:
                victim = int(random.choice(children))
                os.kill(victim, signal.SIGKILL)
                print(f"killed gunicorn worker {victim} with SIGKILL")

    # A request in flight on a killed worker is cut (the client sees a reset), never a 5xx.
    return under_load(env, options.duration, kill_workers, allow_5xx=False)


def redis_faults(options: argparse.Namespace) -> bool:
    if not os.environ.get("DOSSIERS_CACHE_URL"):
        sys.exit("set DOSSIERS_CACHE_URL=redis://127.0.0.1:6379/5 for this step")
    env = corpus_env()

    def stop_redis(server: int) -> None:
        time.sleep(options.duration / 3)
        subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], check=False)
        print("Redis stopped")
        time.sleep(options.duration / 3)
        subprocess.run(
            [
                *("redis-server", "--bind", "127.0.0.1", "--port", "6379"),
                *("--save", "", "--appendonly", "no", "--daemonize", "yes"),
            ],
            check=True,
        )
        print("Redis started again")

    return under_load(env, options.duration, stop_redis, allow_5xx=False)


def postgres_faults(options: argparse.Namespace) -> bool:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL=postgres://… for this step")
    env = corpus_env()

    def restart(server: int) -> None:
        time.sleep(options.duration / 3)
        subprocess.run(["pg_ctlcluster", "15", "main", "restart"], check=True)
        print("PostgreSQL restarted")

    print("(requests during the restart may answer 5xx; the checks run after it)")
    return under_load(env, options.duration, restart, allow_5xx=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("fault", choices=["import", "worker", "redis", "postgres"])
    parser.add_argument("--posts", type=int, default=2_000)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--seed", type=int, default=9)
    options = parser.parse_args()
    run = {
        "import": import_faults,
        "worker": worker_faults,
        "redis": redis_faults,
        "postgres": postgres_faults,
    }[options.fault]
    ok = run(options)
    print("RESULT:", "exact" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

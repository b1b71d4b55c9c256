"""The scaled-out set-up of docs/operations.md, on this machine (deploy/cluster.sh): a
PostgreSQL primary and a streaming read replica, Redis as the shared cache, two app
servers. The site runs on it: both servers serve the same pages, readers' pages are read
from the replica, writes reach the replica, and the page cache is in Redis."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.conftest import REPO

SCRIPT = REPO / "deploy" / "cluster.sh"
NEEDED = ("pg_basebackup", "pg_config", "redis-server", "redis-cli", "runuser")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _why_not() -> str:
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing:
        return f"the cluster needs {', '.join(missing)} (PostgreSQL server tools, Redis)"
    if os.geteuid() != 0:
        return "the cluster runs PostgreSQL as the postgres user: run as root"
    return ""


@pytest.fixture(scope="module")
def cluster() -> Iterator[dict[str, int]]:
    if reason := _why_not():
        pytest.skip(reason)
    ports = {name: _free_port() for name in ("primary", "replica", "redis", "app1", "app2")}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env |= {
        # Not under pytest's own temporary folder: the postgres user must reach it.
        "CLUSTER_DIR": str(Path(tempfile.gettempdir()) / f"dossiers-cluster-{uuid.uuid4().hex}"),
        "OWN_PRIMARY": "1",  # the local server refuses replication connections by default
        "PRIMARY_PORT": str(ports["primary"]),
        "REPLICA_PORT": str(ports["replica"]),
        "REDIS_PORT": str(ports["redis"]),
        "APP_PORTS": f"{ports['app1']} {ports['app2']}",
        "DOSSIERS": str(Path(sys.executable).parent / "dossiers"),
        "PYTHONPATH": str(REPO / "src"),
    }
    started = subprocess.run(
        ["bash", str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=900
    )
    try:
        if started.returncode and "replication connection" in started.stderr:
            pytest.skip(f"replication refused: {started.stderr.strip()[-300:]}")
        assert started.returncode == 0, started.stderr[-2000:]
        yield ports
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop"], env=env, timeout=300)


def _get(port: int, path: str) -> tuple[int, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
        return response.status, response.read().decode()


def _replica_reads(port: int) -> int:
    with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres") as db:
        row = db.execute(
            "SELECT xact_commit + tup_returned FROM pg_stat_database WHERE datname = %s",
            ("dossiers_cluster",),
        ).fetchone()
    return int(row[0]) if row else 0


def test_both_app_servers_serve_the_site(cluster: dict[str, int]) -> None:
    pages = [_get(cluster[app], "/") for app in ("app1", "app2")]
    assert [status for status, _ in pages] == [200, 200]
    assert pages[0][1].split("<title>")[1].split("</title>")[0] in pages[1][1]


def test_readers_pages_are_read_from_the_replica(cluster: dict[str, int]) -> None:
    with psycopg.connect(f"host=127.0.0.1 port={cluster['replica']} user=postgres") as db:
        assert db.execute("SELECT pg_is_in_recovery()").fetchone() == (True,)
    before = _replica_reads(cluster["replica"])
    deadline = time.monotonic() + 30
    n = 0
    while _replica_reads(cluster["replica"]) == before and time.monotonic() < deadline:
        n += 1  # a search no cache holds: the page is rendered from the database
        assert _get(cluster["app1" if n % 2 else "app2"], f"/search/?q=treaty{n}")[0] == 200
        time.sleep(1)  # the replica's statistics are flushed about once a second
    assert _replica_reads(cluster["replica"]) > before


def test_a_write_on_the_primary_reaches_the_replica(cluster: dict[str, int]) -> None:
    name = f"written-{time.time_ns()}"
    primary = f"host=127.0.0.1 port={cluster['primary']} user=postgres dbname=dossiers_cluster"
    with psycopg.connect(primary, autocommit=True) as db:
        db.execute("CREATE TABLE IF NOT EXISTS cluster_probe (name text)")
        db.execute("INSERT INTO cluster_probe VALUES (%s)", (name,))
    replica = primary.replace(str(cluster["primary"]), str(cluster["replica"]))
    deadline = time.monotonic() + 30
    found = None
    while found is None and time.monotonic() < deadline:
        with psycopg.connect(replica) as db:
            try:
                found = db.execute(
                    "SELECT name FROM cluster_probe WHERE name = %s", (name,)
                ).fetchone()
            except psycopg.errors.UndefinedTable:
                found = None
        time.sleep(0.2)
    assert found == (name,)


def test_the_page_cache_is_shared_in_redis(cluster: dict[str, int]) -> None:
    _get(cluster["app1"], "/")
    keys = subprocess.run(
        ["redis-cli", "-p", str(cluster["redis"]), "dbsize"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(keys.stdout.strip()) > 0

"""`dossiers relink --all` over a large archive: how long the whole command takes.

    python benchmarks/relink.py                      # 100,000 articles, 50,000 entities
    python benchmarks/relink.py --articles 10000     # quicker
    python benchmarks/relink.py --reuse              # keep the database built last time

The first run links an archive never linked before (every mention row is
written). With --reuse, an editor's change is made first (an alias added to
one entity, as the admin does), so the run is the re-link that follows a
knowledge-base change: every article is read and linked again, and only the
articles whose links changed are written.

Builds `benchmarks/out/relink/` (an SQLite database; DATABASE_URL=postgres://…
uses PostgreSQL instead) with the synthetic knowledge base of `linking.py`
(50,000 entities, 150,000 aliases) and synthetic articles of about 2.5 KB of
HTML each, written with bulk inserts, plus 10 hubs. Then runs the real
command, `dossiers relink --all`, in a fresh process and prints its
wall-clock time: process start, matcher build, reading every article,
linking, writing every mention, recollecting every hub, and the search
index's catch-up (a pass that finds nothing stale: the archive's index is built
with it). The related-analyses rebuild that a re-link queues runs on the
background worker and is not part of the command (benchmarks/related.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "relink"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def build(articles: int, entities: int, seed: int) -> None:
    import django

    django.setup()
    import linking  # the synthetic generators
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from dossiers.hubs.services import hub_save
    from dossiers.knowledge.models import Entity

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    terms, surfaces, types, _ = linking.knowledge_base(rng, entities, 3)
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO knowledge_entity (id, name, slug, type, definition, description, "
            "description_html, same_as, wikidata_id, created_at, updated_at) "
            "VALUES (%s, %s, %s, %s, %s, '', '', '[]', '', %s, %s)",
            [
                (
                    pk,
                    names[0],
                    f"e{pk}",
                    types[pk],
                    f"{names[0]} is a thing that {rng.choice(names)} works with.",
                    now,
                    now,
                )
                for pk, names in surfaces.items()
            ],
        )
        seen = set()
        rows = []
        for term in terms:
            if term.text == surfaces[term.entity_id][0] or (term.entity_id, term.text) in seen:
                continue
            seen.add((term.entity_id, term.text))
            rows.append((term.entity_id, term.text, term.case_sensitive, False, len(rows) % 5))
        cursor.executemany(
            "INSERT INTO knowledge_alias (entity_id, text, case_sensitive, context_only, position)"
            " VALUES (%s, %s, %s, %s, %s)",
            rows,
        )
        start = now - dt.timedelta(days=articles // 50 + 1)
        batch = []
        for i in range(articles):
            title, body = linking.article(rng, surfaces, 2000)
            html = "".join(f"<p>{paragraph}</p>\n" for paragraph in body.split("\n"))
            published = start + dt.timedelta(minutes=i * 14)
            batch.append(
                (
                    title,
                    f"a{i}",
                    body[:200],
                    body,
                    html,
                    body,
                    len(body.split()),
                    "published",
                    published,
                    published,
                    published,
                )
            )
            if len(batch) == 5000 or i == articles - 1:
                cursor.executemany(
                    "INSERT INTO publishing_article (title, slug, summary, body, body_html, "
                    "body_text, word_count, status, published_at, created_at, updated_at, "
                    "canonical_url, comment_count) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', 0)",
                    batch,
                )
                batch = []
    for n in range(10):
        keys = list(Entity.objects.filter(pk__in=rng.sample(range(1, entities + 1), 3)))
        hub_save(name=f"Hub {n}", status="published", key_entities=keys)
    # A live site's archive is searchable: without this, the search catch-up that follows
    # every bulk re-link would index the whole archive inside the timed command.
    from dossiers.search.indexing import index_rebuild

    started = time.perf_counter()
    index_rebuild()
    print(f"search index built in {time.perf_counter() - started:.0f} s (not timed below)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument("--jobs", type=int, default=0, help="passed to relink (0: one per core)")
    parser.add_argument("--reuse", action="store_true", help="keep the database from last time")
    parser.add_argument("--seed", type=int, default=11)
    options = parser.parse_args()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dossiers.settings"}
    env.setdefault("DOSSIERS_DATA_DIR", str(OUT))
    # The product's default: work a re-link queues (the related-analyses rebuild) waits for
    # the background worker (benchmarks/related.py measures it); the command is timed alone.
    env["DOSSIERS_TASKS_BACKEND"] = "database"
    os.environ.update(env)
    if not options.reuse:
        if "DATABASE_URL" not in os.environ:
            shutil.rmtree(OUT, ignore_errors=True)
        OUT.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        build(options.articles, options.entities, options.seed)
        print(
            f"built {options.articles:,} articles and {options.entities:,} entities "
            f"in {time.perf_counter() - started:.0f} s"
        )
    else:
        import django

        django.setup()
        from dossiers.knowledge.models import Alias, Entity
        from dossiers.knowledge.services import knowledge_changed

        entity = Entity.objects.order_by("?").first()
        Alias.objects.get_or_create(entity=entity, text=f"Benchmark alias {time.time():.0f}")
        knowledge_changed()
        print(f"changed the knowledge base: one alias added to {entity.name}")
    command = [str(ROOT / ".venv" / "bin" / "dossiers"), "relink", "--all", "--no-progress"]
    if options.jobs:
        command += ["--jobs", str(options.jobs)]
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        sys.exit(result.stderr)
    # CPU of the command and its worker processes: steadier than wall-clock on a shared machine.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(result.stdout.strip())
    print(
        f"dossiers relink --all: {seconds:.1f} s wall-clock for {options.articles:,} articles "
        f"({options.articles / seconds:,.0f} articles/s), whole command; "
        f"{cpu:.1f} s CPU (all its processes); load {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()

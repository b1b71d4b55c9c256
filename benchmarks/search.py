"""Search latency over 100,000 synthetic articles, through `search_run` (the real code path).

    python benchmarks/search.py                     # build, index, query (SQLite)
    python benchmarks/search.py --reuse             # keep last run's database and index
    python benchmarks/search.py --articles 20000    # quicker
    DATABASE_URL=postgres://user@host/db python benchmarks/search.py   # on PostgreSQL,
        # in a database of its own on that server (dossiers_bench_search), made afresh

The text is made for search, not for linking: a vocabulary of 6,000
pronounceable words of 3 to 12 letters whose frequencies follow Zipf's law
(s = 1.07), under 60 English function words that take the top ranks as they
do in real prose, plus 2,000 entity names (with aliases) dropped into the
articles. Articles have a 6-12 word title, a 25-40 word summary and a
250-1,100 word body, dated over ten years (a hundred scheduled in the
future), one to two authors each, and the hub memberships and entity
mentions their entity names imply, all written with bulk inserts. The index
is then built with the rebuild code path (`index_rebuild`, what `dossiers
search rebuild` runs), and timed.

Queries (a few hundred, seeded) are drawn from the vocabulary: common words
(frequency ranks 60-400), rare words (ranks 2,000-6,000, drawn uniformly),
two and three words drawn by frequency (like a query log), phrases of two
or three words lifted from an article, a last word typed halfway (prefix),
entity names (the alias-aware path), and common words with a hub, author or
date filter. Each runs once through `search_run` with a page of 10:
parsing, entity lookup, the backend's window, strict check and ranking, the
total, snippets for the page, the cards. Nothing is cached between queries
except what every process keeps (the knowledge-base matcher, and the
database's files, read once before measuring as a running server has them in
memory, then 30 warm-up queries). Prints median and p95 per kind and overall.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "search"
sys.path.insert(0, str(ROOT / "src"))

FUNCTION_WORDS = (
    "the of and to a in that is for it as was with be by on not he this are or his from at "
    "which but have an they you were her she there been one all we their has would more if "
    "will its who also than other into some could them these two may then do first any"
).split()
SYLLABLES = (
    "ba be bi bo da de di do fa fe fi ga ge go ka ke ki ko la le li lo lu ma me mi mo mu na "
    "ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo za ze zi "
    "an ar en er in ir on or un ul al el il ol"
).split()
ENDINGS = ("", "", "", "s", "n", "r", "t", "l", "ng", "st", "nd")


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 3, 4, 5))))
        word += rng.choice(ENDINGS)
        if 3 <= len(word) <= 12 and word not in FUNCTION_WORDS:
            words.add(word)
    ordered = sorted(words)
    rng.shuffle(ordered)
    return ordered


def entity_names(rng: random.Random, count: int) -> list[tuple[str, list[str]]]:
    names: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    while len(names) < count:
        parts = [
            "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize()
            for _ in range(rng.choice((1, 2, 2, 3)))
        ]
        name = " ".join(parts)
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        aliases = [f"{parts[0]} {rng.choice(['Group', 'Accord', 'Council', 'Forces'])}"]
        if len(parts) > 1:
            aliases.append("".join(p[0] for p in parts).upper() + "X")
        names.append((name, aliases))
    return names


class Text:
    """Zipf-distributed words: function words first, then the vocabulary."""

    def __init__(self, rng: random.Random, vocab: list[str], exponent: float = 1.07) -> None:
        self.rng = rng
        self.words = FUNCTION_WORDS + vocab
        weights = [1 / (rank + 1) ** exponent for rank in range(len(self.words))]
        self.cumulative = list(itertools.accumulate(weights))

    def words_of(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def sentence(self, count: int) -> str:
        words = self.words_of(count)
        return " ".join(words).capitalize() + "."


def build(*, articles: int, seed: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    vocab = vocabulary(rng, 6000)
    text = Text(rng, vocab)
    entities = entity_names(rng, 2000)
    now = timezone.now().replace(microsecond=0)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO publishing_author (id, name, slug, bio, bio_html, links, created_at, "
            "updated_at) VALUES (%s, %s, %s, '', '', '[]', %s, %s)",
            [(i, f"Writer {i}", f"writer-{i}", now, now) for i in range(1, 201)],
        )
        cursor.executemany(
            "INSERT INTO knowledge_entity (id, name, slug, type, definition, description, "
            "description_html, same_as, wikidata_id, created_at, updated_at) "
            "VALUES (%s, %s, %s, 'concept', %s, '', '', '[]', '', %s, %s)",
            [
                (i, name, f"entity-{i}", f"{name} is a synthetic entity.", now, now)
                for i, (name, _) in enumerate(entities, start=1)
            ],
        )
        cursor.executemany(
            "INSERT INTO knowledge_alias (entity_id, text, case_sensitive, context_only, "
            "position) VALUES (%s, %s, %s, false, %s)",
            [
                (i, alias, alias.isupper(), n)
                for i, (_, aliases) in enumerate(entities, start=1)
                for n, alias in enumerate(aliases)
            ],
        )
        cursor.executemany(
            "INSERT INTO hubs_topic (id, name, headline, slug, intro, intro_html, status, "
            "rule_mode, min_salience, created_at, updated_at) "
            "VALUES (%s, %s, '', %s, '', '', 'published', 'any', 0.25, %s, %s)",
            [(i, entities[i - 1][0], f"hub-{i}", now, now) for i in range(1, 51)],
        )
        cursor.executemany(
            "INSERT INTO hubs_topickeyentity (hub_id, entity_id, position) VALUES (%s, %s, 0)",
            [(i, i) for i in range(1, 51)],
        )
        span = dt.timedelta(days=3650)
        start = now - span
        rows, bylines, mentions, memberships = [], [], [], []
        for i in range(1, articles + 1):
            published = start + span * (i / articles) + dt.timedelta(seconds=rng.randint(0, 3000))
            if i > articles - 100:
                published = now + dt.timedelta(days=rng.randint(1, 60))  # scheduled
            named = rng.sample(range(1, len(entities) + 1), 3) if rng.random() < 0.8 else []
            # Hub entities (the first 50) appear as often as a mid-frequency word.
            if rng.random() < 0.25:
                named[:1] = [rng.randint(1, 50)]
                named = list(dict.fromkeys(named))
            paragraphs = [text.sentence(rng.randint(12, 30)) for _ in range(rng.randint(12, 40))]
            for n, entity_id in enumerate(named):
                name = entities[entity_id - 1][0] if n else entities[entity_id - 1][1][0]
                spot = rng.randrange(len(paragraphs))
                paragraphs[spot] = f"{paragraphs[spot]} {name} said so."
                mentions.append((i, entity_id, 1, 0, False, False, 0.4, n == 0, name))
                if entity_id <= 50 and n == 0:
                    memberships.append((entity_id, i, "about", published))
            body = "\n\n".join(paragraphs)
            title = text.sentence(rng.randint(6, 12)).rstrip(".")
            summary = text.sentence(rng.randint(25, 40))
            rows.append(
                (
                    i,
                    title,
                    f"article-{i}",
                    summary,
                    body,
                    "",
                    body,
                    len(body.split()),
                    published,
                    published,
                    published,
                )
            )
            bylines.append((i, rng.randint(1, 200), 0))
            if len(rows) == 2000 or i == articles:
                cursor.executemany(
                    "INSERT INTO publishing_article (id, title, slug, summary, body, body_html, "
                    "body_text, word_count, status, published_at, created_at, updated_at, "
                    "canonical_url, comment_count) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 'published', %s, %s, %s, '', 0)",
                    rows,
                )
                cursor.executemany(
                    "INSERT INTO publishing_articleauthor (article_id, author_id, position) "
                    "VALUES (%s, %s, %s)",
                    bylines,
                )
                cursor.executemany(
                    "INSERT INTO knowledge_mention (article_id, entity_id, count, first_position, "
                    "in_title, in_lead, salience, is_about, surface, disambiguation) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, '')",
                    mentions,
                )
                cursor.executemany(
                    "INSERT INTO hubs_topicmembership (hub_id, article_id, is_pinned, reason, "
                    "article_status, published_at) VALUES (%s, %s, false, %s, 'published', %s)",
                    memberships,
                )
                rows, bylines, mentions, memberships = [], [], [], []
                print(f"\r  wrote {i:,} articles", end="", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("publishing_article", "knowledge_entity", "knowledge_alias"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"
                )
            cursor.execute("ANALYZE")
    print(f"\r  wrote {articles:,} articles in {time.perf_counter() - started:.0f} s")
    (OUT / "vocabulary.txt").write_text("\n".join(vocab))


def index() -> float:
    from dossiers.search.indexing import index_rebuild

    started = time.perf_counter()
    count = index_rebuild()
    seconds = time.perf_counter() - started
    print(f"indexed {count:,} articles with the rebuild code path in {seconds:.1f} s")
    return seconds


def queries(rng: random.Random, vocab: list[str], count: int) -> list[tuple[str, dict]]:
    """(kind, search_run arguments)."""
    from django.utils import timezone

    from dossiers.knowledge.models import Entity
    from dossiers.publishing.models import Article

    text = Text(rng, vocab)
    content_weights = text.cumulative[len(FUNCTION_WORDS) :]
    base = text.cumulative[len(FUNCTION_WORDS) - 1]
    content = [w - base for w in content_weights]

    def by_frequency(k: int) -> list[str]:
        return rng.choices(vocab, cum_weights=content, k=k)

    def phrase() -> str:
        pk = rng.randint(1, Article.objects.count() - 200)
        words = Article.objects.values_list("body_text", flat=True).get(pk=pk).split()
        at = rng.randrange(len(words) - 3)
        picked = words[at : at + rng.choice((2, 3))]
        return '"' + " ".join(w.strip(".").lower() for w in picked) + '"'

    def prefix() -> str:
        first, last = by_frequency(2)
        while len(last) < 6:
            last = by_frequency(1)[0]
        return f"{first} {last[: rng.randint(4, len(last) - 1)]}"

    entity_names = list(Entity.objects.values_list("name", flat=True)[:2000])
    today = timezone.localdate()
    kinds = {
        "common word": lambda: {"query": rng.choice(vocab[:400][60:])},
        "rare word": lambda: {"query": rng.choice(vocab[2000:])},
        "two words": lambda: {"query": " ".join(by_frequency(2))},
        "three words": lambda: {"query": " ".join(by_frequency(3))},
        "phrase": lambda: {"query": phrase()},
        "prefix": lambda: {"query": prefix()},
        "entity name": lambda: {"query": rng.choice(entity_names)},
        "word + hub": lambda: {"query": by_frequency(1)[0], "hub": f"hub-{rng.randint(1, 50)}"},
        "word + author": lambda: {
            "query": by_frequency(1)[0],
            "author": f"writer-{rng.randint(1, 200)}",
        },
        "word + dates": lambda: {
            "query": by_frequency(1)[0],
            "date_from": today - dt.timedelta(days=rng.randint(400, 3000)),
            "date_to": today - dt.timedelta(days=rng.randint(0, 399)),
        },
    }
    per_kind = max(1, count // len(kinds))
    return [(kind, make()) for kind, make in kinds.items() for _ in range(per_kind)]


def warm_up() -> str:
    """Read the database's files once, as a running server has them in memory: the first
    query of each kind should not pay for the disk (nothing is cached between queries)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        path = connection.settings_dict["NAME"]
        with open(path, "rb") as handle:
            while handle.read(1 << 24):
                pass
        return "database file read once"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_prewarm'")
        if cursor.fetchone() is None:
            return "no pg_prewarm: not warmed"
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        cursor.execute(
            "SELECT sum(pg_prewarm(c.oid, 'read')) FROM pg_class c WHERE c.relname IN "
            "('search_searchdocument', 'search_document_gin', 'publishing_article') "
            "OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relname IN "
            "('search_searchdocument', 'publishing_article'))"
        )
        return f"{cursor.fetchone()[0]:,} blocks read once (pg_prewarm)"


def measure(plan: list[tuple[str, dict]]) -> dict[str, list[float]]:
    from dossiers.search.selectors import search_run

    timings: dict[str, list[float]] = {}
    order = list(plan)
    random.Random(3).shuffle(order)
    for kind, arguments in order:
        started = time.perf_counter()
        outcome = search_run(limit=10, **arguments)
        elapsed = (time.perf_counter() - started) * 1000
        assert not outcome.message or "not closed" in outcome.message, (arguments, outcome.message)
        timings.setdefault(kind, []).append(elapsed)
    return timings


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(timings: dict[str, list[float]]) -> None:
    print(f"{'query kind':<16} {'n':>4} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    everything: list[float] = []
    for kind, values in timings.items():
        everything.extend(values)
        print(
            f"{kind:<16} {len(values):>4} {statistics.median(values):>10.1f} "
            f"{p95(values):>8.1f} {max(values):>8.1f}"
        )
    print(
        f"{'all':<16} {len(everything):>4} {statistics.median(everything):>10.1f} "
        f"{p95(everything):>8.1f} {max(everything):>8.1f}"
    )


PG_NAME = "dossiers_bench_search"


def postgres_database(*, fresh: bool) -> None:
    """With DATABASE_URL=postgres://…, use a database of the benchmark's own on that server
    (`dossiers_bench_search`), created afresh unless reused: never the one in the URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    server = url.rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = f"{server}/{PG_NAME}"
    if fresh:
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}"')
            connection.execute(f'CREATE DATABASE "{PG_NAME}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--reuse", action="store_true", help="keep the database and index")
    parser.add_argument("--reindex", action="store_true", help="with --reuse: rebuild the index")
    parser.add_argument("--seed", type=int, default=5)
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dossiers.settings")
    os.environ.setdefault("DOSSIERS_DATA_DIR", str(OUT))
    os.environ["DOSSIERS_TASKS_BACKEND"] = "immediate"
    postgres_database(fresh=not options.reuse)
    if not options.reuse:
        if "DATABASE_URL" not in os.environ:
            shutil.rmtree(OUT, ignore_errors=True)
        OUT.mkdir(parents=True, exist_ok=True)
        build(articles=options.articles, seed=options.seed)
    import django

    django.setup()
    from django.db import connection

    if not options.reuse or options.reindex:
        index()
    vocab = (OUT / "vocabulary.txt").read_text().split()
    plan = queries(random.Random(options.seed + 1), vocab, options.queries)
    warm = queries(random.Random(options.seed + 2), vocab, 30)
    warmed = warm_up()
    measure(warm)
    print(
        f"{connection.vendor}, {options.articles:,} articles, {len(plan)} queries, page of 10 "
        f"({warmed}; 30 warm-up queries)"
    )
    report(measure(plan))


if __name__ == "__main__":
    main()

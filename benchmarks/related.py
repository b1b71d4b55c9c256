"""Related analyses over a large archive: the bulk build, then new articles saved one by one.

    python benchmarks/related.py                    # 100,000 articles (or: make bench-related)
    python benchmarks/related.py --articles 20000   # quicker
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python benchmarks/related.py

1. Writes a synthetic archive with bulk inserts: N articles of about 250 words
   drawn from a Zipf-distributed vocabulary (6,000 general words, and 200
   topics with 80 words of their own each), 2,000 entities (10 per topic;
   each article is about 1–3 of its topic's and mentions 2 others in
   passing), 200 hubs (one per topic, keyed on its first entity) with their
   memberships. SQLite in `benchmarks/out/related/`; with DATABASE_URL, a
   database named `dossiers_bench_related` on that server (dropped and
   created afresh).
2. Builds every signature, document frequency and list with the bulk path
   (`related_rebuild`, what `dossiers related rebuild` runs) and prints how
   long it took.
3. Saves new articles through `pipeline.services.article_save` (linking,
   hubs, and after the commit the related update) and prints the median and
   p95 of the related update alone (the incremental path:
   `related_article_refresh`) and of the whole save.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "related"
sys.path.insert(0, str(ROOT / "src"))
PG_NAME = "dossiers_bench_related"
TOPICS, TOPIC_WORDS, GENERAL_WORDS, ENTITIES_PER_TOPIC = 200, 80, 6000, 10


def syllable_words(rng: np.random.Generator, count: int, syllables: int) -> list[str]:
    onsets = "b c d f g h k l m n p r s t v z br dr kr pl st tr".split()
    vowels = "a e i o u ai ea io ou".split()
    seen: set[str] = set()
    out = []
    while len(out) < count:
        word = (
            "".join(
                onsets[rng.integers(len(onsets))] + vowels[rng.integers(len(vowels))]
                for _ in range(syllables)
            )
            + "n"
        )
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


class World:
    """The synthetic vocabulary, topics and entities (deterministic for a seed)."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.general = syllable_words(self.rng, GENERAL_WORDS, 3)
        pool = syllable_words(self.rng, TOPICS * TOPIC_WORDS // 2, 4)
        self.topic_words = [
            [pool[i] for i in self.rng.choice(len(pool), TOPIC_WORDS, replace=False)]
            for _ in range(TOPICS)
        ]
        names = syllable_words(self.rng, TOPICS * ENTITIES_PER_TOPIC * 2, 2)
        self.entity_names = [
            f"{names[2 * i].title()} {names[2 * i + 1].title()}"
            for i in range(TOPICS * ENTITIES_PER_TOPIC)
        ]
        ranks = np.arange(1, GENERAL_WORDS + 1)
        self.general_p = (1 / ranks) / (1 / ranks).sum()
        topic_ranks = np.arange(1, TOPIC_WORDS + 1)
        self.topic_p = (1 / topic_ranks) / (1 / topic_ranks).sum()

    def article(self, topic: int, about: list[int]) -> tuple[str, str]:
        rng = self.rng
        general = rng.choice(GENERAL_WORDS, 175, p=self.general_p)
        specific = rng.choice(TOPIC_WORDS, 75, p=self.topic_p)
        words = [self.general[i] for i in general] + [self.topic_words[topic][i] for i in specific]
        rng.shuffle(words)
        names = [self.entity_names[e] for e in about]
        sentences = [" ".join(words[i : i + 12]).capitalize() + "." for i in range(0, 250, 12)]
        for k, name in enumerate(names):
            sentences.insert(2 * k, f"{name} {sentences.pop(2 * k).lower()}")
        picks = rng.choice(TOPIC_WORDS, 4, p=self.topic_p)
        title_words = [self.topic_words[topic][i] for i in picks]
        title = f"{names[0]}: " + " ".join(title_words).capitalize()
        return title, " ".join(sentences)

    def about(self, topic: int) -> list[int]:
        count = int(self.rng.integers(1, 4))
        own = self.rng.choice(ENTITIES_PER_TOPIC, count, replace=False)
        return [topic * ENTITIES_PER_TOPIC + int(i) for i in own]


def fresh_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        server = url.rsplit("/", 1)[0]
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}"')
            conn.execute(f'CREATE DATABASE "{PG_NAME}"')
        os.environ["DATABASE_URL"] = f"{server}/{PG_NAME}"
    else:
        shutil.rmtree(OUT, ignore_errors=True)
        OUT.mkdir(parents=True, exist_ok=True)
        os.environ["DOSSIERS_DATA_DIR"] = str(OUT)
        os.environ.pop("DATABASE_URL", None)


def write_archive(world: World, articles: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now()
    start = now - dt.timedelta(days=articles // 50 + 30)
    entities = len(world.entity_names)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO publishing_author (id, name, slug, bio, bio_html, links, created_at, "
            "updated_at) VALUES (1, 'Bench Writer', 'bench', '', '', '[]', %s, %s)",
            [now, now],
        )
        cursor.executemany(
            "INSERT INTO knowledge_entity (id, name, slug, type, definition, description, "
            "description_html, same_as, wikidata_id, created_at, updated_at) "
            "VALUES (%s, %s, %s, 'concept', '', '', '', '[]', '', %s, %s)",
            [(i + 1, name, f"e{i + 1}", now, now) for i, name in enumerate(world.entity_names)],
        )
        cursor.executemany(
            "INSERT INTO hubs_topic (id, name, headline, slug, intro, intro_html, status, "
            "rule_mode, min_salience, created_at, updated_at) VALUES "
            "(%s, %s, '', %s, '', '', 'published', 'any', 0.25, %s, %s)",
            [(t + 1, f"Hub {t}", f"hub-{t}", now, now) for t in range(TOPICS)],
        )
        cursor.executemany(
            "INSERT INTO hubs_topickeyentity (hub_id, entity_id, position) VALUES (%s, %s, 0)",
            [(t + 1, t * ENTITIES_PER_TOPIC + 1) for t in range(TOPICS)],
        )
        batch, mentions, members, bylines = [], [], [], []
        for i in range(articles):
            topic = int(world.rng.integers(TOPICS))
            about = world.about(topic)
            title, body = world.article(topic, about)
            published = start + dt.timedelta(minutes=i * 14)
            pk = i + 1
            batch.append(
                (
                    pk,
                    title,
                    f"a{pk}",
                    body[:200],
                    body,
                    f"<p>{body}</p>",
                    body,
                    250,
                    "published",
                    published,
                    published,
                    published,
                )
            )
            bylines.append((pk, 1, 0))
            for k, entity in enumerate(about):
                salience = 0.9 - 0.2 * k
                mentions.append((pk, entity + 1, 2, k, k == 0, True, salience, True))
                if entity % ENTITIES_PER_TOPIC == 0:
                    members.append((entity // ENTITIES_PER_TOPIC + 1, pk, published))
            for entity in world.rng.choice(entities, 2, replace=False):
                if int(entity) not in about:
                    mentions.append((pk, int(entity) + 1, 1, 900, False, False, 0.05, False))
            if len(batch) == 5000 or i == articles - 1:
                _flush(cursor, batch, bylines, mentions, members)
                batch, mentions, members, bylines = [], [], [], []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (
                "publishing_article",
                "publishing_author",
                "knowledge_entity",
                "hubs_topic",
            ):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT MAX(id) FROM {table}))"
                )
            cursor.execute("ANALYZE")


def _flush(cursor, articles, bylines, mentions, members) -> None:  # type: ignore[no-untyped-def]
    cursor.executemany(
        "INSERT INTO publishing_article (id, title, slug, summary, body, body_html, body_text, "
        "word_count, status, published_at, created_at, updated_at, canonical_url, "
        "comment_count) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', 0)",
        articles,
    )
    cursor.executemany(
        "INSERT INTO publishing_articleauthor (article_id, author_id, position) "
        "VALUES (%s, %s, %s)",
        bylines,
    )
    cursor.executemany(
        "INSERT INTO knowledge_mention (article_id, entity_id, count, first_position, in_title, "
        "in_lead, salience, is_about, surface, disambiguation) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '', '')",
        mentions,
    )
    cursor.executemany(
        "INSERT INTO hubs_topicmembership (hub_id, article_id, is_pinned, reason, "
        "article_status, published_at) VALUES (%s, %s, false, 'bench', 'published', %s)",
        members,
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def save_new(world: World, count: int, prefix: str = "new-") -> tuple[list[float], list[float]]:
    """Save `count` new articles through the real service; (related update, whole save) ms."""
    import dossiers.pipeline.services as pipeline
    from dossiers.pipeline.services import article_save
    from dossiers.publishing.models import Author

    timings: list[float] = []
    original = pipeline.related_article_refresh

    def timed(**kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        original(**kwargs)
        timings.append((time.perf_counter() - started) * 1000)

    pipeline.related_article_refresh = timed
    author = Author.objects.get(pk=1)
    saves = []
    for i in range(count + 1):
        topic = int(world.rng.integers(TOPICS))
        title, body = world.article(topic, world.about(topic))
        started = time.perf_counter()
        article_save(
            title=title, body=body, authors=[author], status="published", slug=f"{prefix}{i}"
        )
        saves.append((time.perf_counter() - started) * 1000)
    pipeline.related_article_refresh = original
    # The first save builds the process's entity matcher: left out.
    return timings[1:], saves[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the archive built last time; only save"
    )
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dossiers.settings")
    os.environ["DOSSIERS_TASKS_BACKEND"] = "immediate"
    if options.reuse:
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
            os.environ["DATABASE_URL"] = f"{server}/{PG_NAME}"
        else:
            os.environ["DOSSIERS_DATA_DIR"] = str(OUT)
    else:
        fresh_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dossiers.related.bulk import related_rebuild
    from dossiers.related.models import ArticleTerm, RelatedArticle

    call_command("migrate", verbosity=0)
    world = World(options.seed)
    if options.reuse:
        world.rng = np.random.default_rng(options.seed + int(time.time()))
        related, saves = save_new(world, options.saves, prefix=f"new-{int(time.time())}-")
        report(related, saves)
        return
    started = time.perf_counter()
    write_archive(world, options.articles)
    print(
        f"{connection.vendor}: wrote {options.articles:,} articles, 2,000 entities, "
        f"{TOPICS} hubs in {time.perf_counter() - started:.0f} s"
    )
    started = time.perf_counter()
    related_rebuild()
    print(
        f"bulk build (related_rebuild): {time.perf_counter() - started:.1f} s; "
        f"{ArticleTerm.objects.count():,} postings, "
        f"{RelatedArticle.objects.count():,} related entries"
    )
    related, saves = save_new(world, options.saves)
    report(related, saves)


def report(related: list[float], saves: list[float]) -> None:
    print(
        f"new article, related update (incremental path), {len(related)} saves: "
        f"median {statistics.median(related):.1f} ms, p95 {percentile(related, 0.95):.1f} ms"
    )
    print(
        f"new article, whole article_save (linking, hubs, related): "
        f"median {statistics.median(saves):.1f} ms, p95 {percentile(saves, 0.95):.1f} ms"
    )


if __name__ == "__main__":
    main()

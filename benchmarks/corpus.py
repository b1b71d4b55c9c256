"""Synthetic corpus for benchmarks: articles, entities with aliases, hubs, comments.

Deterministic (seeded). Articles go through the real rendering and linking
code; rows are written with bulk inserts so that 10,000 articles take
seconds, not minutes.

    python benchmarks/corpus.py --articles 10000 --entities 2000 --hubs 200
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

WORDS = (
    "alliance deterrence budget procurement corridor strait frontier border treaty summit "
    "logistics readiness doctrine brigade missile drone radar sensor satellite shipyard "
    "port pipeline sanction export coalition ministry parliament election reform "
    "negotiation ceasefire garrison exercise patrol airspace maritime naval coastal "
    "inland industrial capacity supply chain financing loan credit investor contract "
    "tender capability interoperability command control intelligence surveillance "
    "reconnaissance cyber resilience energy grain insurance shipping tanker convoy escort "
    "corridor agreement framework partnership strategy posture"
).split()

SYLLABLES = (
    "al bar cor dan el fen gar hol is jor kal lun mor nar or pel quin ros sal tor ur vel "
    "wen xan yor zel"
).split()


def entity_name(rng: random.Random, index: int) -> str:
    parts = [rng.choice(SYLLABLES) + rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3)))]
    return " ".join(part.capitalize() for part in parts) + f" {index}"


def sentence(rng: random.Random, names: list[str]) -> str:
    words = rng.choices(WORDS, k=rng.randint(10, 22))
    if names:
        words.insert(rng.randint(0, len(words)), names.pop())
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def build(
    *, articles: int, entities: int, hubs: int, comments_per_article: float, seed: int = 7
) -> dict:
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from dossiers.comments.models import Comment
    from dossiers.comments.services import comment_counts_refresh
    from dossiers.core.markdown import render_comment_markdown
    from dossiers.hubs.models import Hub, HubKeyEntity
    from dossiers.hubs.services import hub_render
    from dossiers.knowledge.models import Alias, Entity
    from dossiers.knowledge.services import entity_render, knowledge_changed
    from dossiers.pipeline.services import archive_derive
    from dossiers.publishing.models import Article, ArticleAuthor, Author
    from dossiers.publishing.services import article_render, author_render
    from dossiers.related.bulk import related_rebuild

    rng = random.Random(seed)
    figures: dict[str, float] = {}
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        authors = []
        for i in range(max(20, articles // 200)):
            author = Author(
                name=f"Writer {i}", slug=f"writer-{i}", bio=f"Writer {i} covers *security*."
            )
            author_render(author)
            authors.append(author)
        Author.objects.bulk_create(authors)
        authors = list(Author.objects.all())

        entity_rows, names = [], []
        for i in range(entities):
            name = entity_name(rng, i)
            names.append(name)
            entity = Entity(
                name=name,
                slug=f"entity-{i}",
                type=rng.choice(["country", "concept", "organisation", "system", "place"]),
                definition=f"{name} is a synthetic entity used by the benchmarks.",
            )
            entity_render(entity)
            entity_rows.append(entity)
        Entity.objects.bulk_create(entity_rows, batch_size=1000)
        entity_ids = list(Entity.objects.order_by("pk").values_list("pk", flat=True))
        Alias.objects.bulk_create(
            [
                Alias(entity_id=pk, text=f"{names[i].split()[0]} alias {i}", position=0)
                for i, pk in enumerate(entity_ids)
            ],
            batch_size=1000,
        )
        knowledge_changed()

        # Zipf-like popularity: a few entities appear in many articles.
        weights = [1 / (rank + 1) ** 0.8 for rank in range(entities)]
        article_rows = []
        for i in range(articles):
            chosen = rng.choices(range(entities), weights=weights, k=rng.randint(2, 6))
            mention_names = [names[c] for c in chosen]
            paragraphs = []
            for _ in range(rng.randint(3, 6)):
                paragraphs.append(
                    " ".join(sentence(rng, mention_names) for _ in range(rng.randint(3, 5)))
                )
            lead = mention_names[0] if mention_names else names[chosen[0]]
            title = f"{lead} and the {rng.choice(WORDS)} question {i}"
            article = Article(
                title=title,
                slug=f"analysis-{i}",
                body="\n\n".join(paragraphs),
                status="published",
                published_at=now - dt.timedelta(minutes=37 * i + 5),
                summary="",
            )
            article_render(article)
            article.updated_at = article.published_at
            article_rows.append(article)
        Article.objects.bulk_create(article_rows, batch_size=500)
        article_ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        ArticleAuthor.objects.bulk_create(
            [
                ArticleAuthor(article_id=pk, author=rng.choice(authors), position=0)
                for pk in article_ids
            ],
            batch_size=2000,
        )
        figures["write_s"] = time.perf_counter() - started

        hub_rows = []
        for i in range(hubs):
            hub = Hub(
                name=f"Hub {names[i]}",
                headline=f"The {rng.choice(WORDS)} and the {rng.choice(WORDS)}",
                slug=f"hub-{i}",
                intro=f"A synthetic hub about {names[i]}.",
                status="published",
            )
            hub_render(hub)
            hub_rows.append(hub)
        Hub.objects.bulk_create(hub_rows)
        hub_ids = list(Hub.objects.order_by("pk").values_list("pk", flat=True))
        key_rows = []
        for i, hub_id in enumerate(hub_ids):
            keys = [entity_ids[i], *rng.sample(entity_ids[hubs:], 2)]
            key_rows += [
                HubKeyEntity(hub_id=hub_id, entity_id=e, position=p) for p, e in enumerate(keys)
            ]
        HubKeyEntity.objects.bulk_create(key_rows)

        link_started = time.perf_counter()
        # Mentions for every article, then filings and every hub's membership.
        archive_derive(reason="the benchmark corpus")
        figures["link_s"] = time.perf_counter() - link_started

        comment_rows = []
        for pk in article_ids:
            for _ in range(int(comments_per_article) + (rng.random() < comments_per_article % 1)):
                body = " ".join(rng.choices(WORDS, k=20))
                comment_rows.append(
                    Comment(
                        article_id=pk,
                        name="Reader",
                        email="r@example.net",
                        body=body,
                        body_html=render_comment_markdown(body),
                        status=rng.choice(["approved", "approved", "approved", "pending"]),
                        created_at=now,
                    )
                )
        Comment.objects.bulk_create(comment_rows, batch_size=2000)
        comment_counts_refresh()
    # What the background jobs queued by the re-link would do on a live site.
    derived_started = time.perf_counter()
    related_rebuild()
    figures["related_s"] = time.perf_counter() - derived_started
    figures["total_s"] = time.perf_counter() - started
    figures["comments"] = len(comment_rows)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--entities", type=int, default=2_000)
    parser.add_argument("--hubs", type=int, default=200)
    parser.add_argument("--comments-per-article", type=float, default=2.5)
    options = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dossiers.settings")
    figures = build(
        articles=options.articles,
        entities=options.entities,
        hubs=options.hubs,
        comments_per_article=options.comments_per_article,
    )
    print(
        " ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items())
    )


if __name__ == "__main__":
    main()

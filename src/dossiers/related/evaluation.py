"""Measuring related analyses on the BBC News corpus (2,225 stories in 5 categories).

Stories are saved as articles one by one, in a fixed shuffled order standing
for publication dates, each followed by the incremental refresh a save runs
after its commit on a live site (the throw-away database has no knowledge
base and no hubs, so linking would add nothing); then the whole index is
rebuilt with the bulk path. The score is the share of the related articles shown (up to
`per_article`) that are in the source story's category, micro-averaged. The
categories are kept on this side only: the algorithm sees titles and texts.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ORDER_SEED = 5


@dataclass(frozen=True)
class Story:
    category: str
    name: str
    title: str
    body: str


def read_bbc(directory: Path, *, sample: int = 0) -> list[Story]:
    """Stories from `<category>/<nnn>.txt` (title on line 1, then the text). With `sample`,
    that many stories spread evenly over the categories. Raises FileNotFoundError."""
    folders = sorted(p for p in directory.iterdir() if p.is_dir()) if directory.is_dir() else []
    if not folders:
        raise FileNotFoundError(f"no category folders in {directory}")
    stories = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")  # one story has a stray latin-1 byte
            title, _, body = text.partition("\n")
            stories.append(Story(folder.name, path.stem, title.strip(), body.strip()))
    if sample and sample < len(stories):
        step = len(stories) / sample
        stories = [stories[int(i * step)] for i in range(sample)]
    return stories


def publication_order(stories: list[Story]) -> list[Story]:
    ordered = list(stories)
    random.Random(ORDER_SEED).shuffle(ordered)
    return ordered


@dataclass
class Figures:
    hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    shown: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, category: str, same: int, shown: int) -> None:
        self.hits[category] += same
        self.shown[category] += shown

    @property
    def micro(self) -> float:
        shown = sum(self.shown.values())
        return sum(self.hits.values()) / shown if shown else 0.0

    def per_category(self) -> dict[str, float]:
        return {c: self.hits[c] / n if n else 0.0 for c, n in sorted(self.shown.items())}


@dataclass
class Evaluation:
    stories: int
    per_article: int
    incremental: Figures
    rebuilt: Figures
    agreement: float  # share of shown entries identical (same article, same place) in both
    save_seconds: float
    rebuild_seconds: float


def _lists(ids: dict[int, Story], per_article: int) -> dict[int, list[int]]:
    from dossiers.related.selectors import related_article_ids

    return {pk: related_article_ids(article_id=pk, limit=per_article) for pk in ids}


def _figures(ids: dict[int, Story], lists: dict[int, list[int]]) -> Figures:
    figures = Figures()
    for pk, related in lists.items():
        category = ids[pk].category
        figures.add(category, sum(ids[r].category == category for r in related), len(related))
    return figures


def evaluate(
    stories: list[Story],
    *,
    per_article: int = 5,
    progress: Callable[[str, int, int], None] | None = None,
) -> Evaluation:
    """Save the stories, score the lists, rebuild, score again. Needs an empty database."""
    from dossiers.publishing.models import ArticleStatus
    from dossiers.publishing.services import article_write, author_save
    from dossiers.related.bulk import related_rebuild
    from dossiers.related.services import related_article_refresh

    progress = progress or (lambda phase, done, total: None)
    author = author_save(name="BBC News")
    start = dt.datetime(2005, 1, 1, tzinfo=dt.UTC)
    ids: dict[int, Story] = {}
    started = time.perf_counter()
    ordered = publication_order(stories)
    for i, story in enumerate(ordered):
        article = article_write(
            title=story.title,
            body=story.body,
            authors=[author],
            status=ArticleStatus.PUBLISHED,
            published_at=start + dt.timedelta(hours=i),
            slug=f"story-{i}",
        )
        related_article_refresh(article_id=article.pk)
        ids[article.pk] = story
        progress("saving", i + 1, len(ordered))
    save_seconds = time.perf_counter() - started
    incremental = _lists(ids, per_article)
    started = time.perf_counter()
    related_rebuild(progress=progress)
    rebuild_seconds = time.perf_counter() - started
    rebuilt = _lists(ids, per_article)
    same = sum(a == b for pk in ids for a, b in zip(incremental[pk], rebuilt[pk], strict=False))
    shown = sum(max(len(incremental[pk]), len(rebuilt[pk])) for pk in ids)
    return Evaluation(
        stories=len(stories),
        per_article=per_article,
        incremental=_figures(ids, incremental),
        rebuilt=_figures(ids, rebuilt),
        agreement=same / shown if shown else 1.0,
        save_seconds=save_seconds,
        rebuild_seconds=rebuild_seconds,
    )


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A fresh database (Django's test database: in memory for SQLite, `test_<name>` for
    PostgreSQL) with every migration applied, destroyed afterwards. The site's own
    database is never touched."""
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield name
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

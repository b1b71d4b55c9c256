"""The bulk path: every signature, document frequency and list at once (numpy, scipy).

Used by `dossiers related rebuild`, by the background rebuild queued after an
import or an archive re-link, and by the benchmark. It follows the scoring
of the incremental path exactly (same signatures, same candidates: the best
`candidates` by partial score over the article's heaviest `proposers` words
and its features, among the terms in at most `broad` articles, then the
other terms added), but computes the partial scores of a block of
articles against all others as one sparse matrix product instead of one
aggregate query per article. Everything is written in one transaction, so
readers see the old index or the new one, never half of each.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from scipy import sparse

from dossiers.core.bulk import insert_rows
from dossiers.core.freshness import content_changed
from dossiers.hubs.models import HubMembership
from dossiers.knowledge.models import Mention
from dossiers.publishing.models import Article, ArticleStatus
from dossiers.related.index import corpus_lock, weights_setting
from dossiers.related.models import ArticleTerm, Corpus, RelatedArticle, RelatedState, Term
from dossiers.related.scoring import (
    Weights,
    entity_term,
    hub_term,
    idf,
    ranked_list,
)
from dossiers.related.text import term_counts, text_digest

Progress = Callable[[str, int, int], None]
READ_BATCH = 2000
BLOCK = 256  # articles per sparse product (bounds memory: a block's row of scores each)
WRITE_BATCH = 20000


@dataclass
class TermCounts:
    """What the rebuild read: articles in id order and their terms as a sparse matrix."""

    ids: np.ndarray
    digests: list[str]
    vocabulary: list[str]
    indptr: np.ndarray
    indices: np.ndarray
    tf: np.ndarray


def _eligible() -> list[int]:
    return list(
        Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _rows(ids: list[int]) -> Iterator[tuple[int, str, str]]:
    for offset in range(0, len(ids), READ_BATCH):
        chunk = ids[offset : offset + READ_BATCH]
        yield from (
            Article.objects.filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", "title", "body_text")
        )


def read_corpus(rows: Iterable[tuple[int, str, str]], total: int, progress: Progress) -> TermCounts:
    """Term counts of (id, title, body) rows, given in id order."""
    vocabulary: dict[str, int] = {}
    indptr, indices, tfs = array("q", [0]), array("i"), array("i")
    found, digests = array("q"), []
    for done, (pk, title, body) in enumerate(rows, 1):
        counts = term_counts(title, body)
        for term, tf in counts.items():
            column = vocabulary.get(term)
            if column is None:
                column = vocabulary[term] = len(vocabulary)
            indices.append(column)
            tfs.append(tf)
        indptr.append(len(indices))
        found.append(pk)
        digests.append(text_digest(title, body))
        if done % 500 == 0:
            progress("reading", done, total)
    progress("reading", len(found), len(found))
    return TermCounts(
        ids=np.frombuffer(found, dtype=np.int64).copy(),
        digests=digests,
        vocabulary=list(vocabulary),
        indptr=np.frombuffer(indptr, dtype=np.int64).copy(),
        indices=np.frombuffer(indices, dtype=np.int32).copy(),
        tf=np.frombuffer(tfs, dtype=np.int32).copy(),
    )


def _table(function: Callable[[int], float], values: np.ndarray) -> np.ndarray:
    """function(v) for each v, computed by Python's math (the incremental path's numbers)."""
    table = np.zeros(int(values.max(initial=0)) + 1)
    for value in np.unique(values):
        table[value] = function(int(value))
    return table[values]


def signatures(corpus: TermCounts, documents: int, size: int) -> tuple[np.ndarray, ...]:
    """(rows, columns, weights, df) of every article's signature, as scoring.signature makes it."""
    n = len(corpus.ids)
    df = np.bincount(corpus.indices, minlength=len(corpus.vocabulary))
    rows = np.repeat(np.arange(n), np.diff(corpus.indptr))
    weight = _table(lambda tf: 1.0 + math.log(tf), corpus.tf) * _table(
        lambda d: idf(d, documents), df[corpus.indices]
    )
    rank = np.empty(len(corpus.vocabulary), dtype=np.int64)
    rank[np.argsort(np.array(corpus.vocabulary, dtype=object), kind="stable")] = np.arange(
        len(corpus.vocabulary)
    )
    order = np.lexsort((rank[corpus.indices], -weight, rows))
    rows, columns, weight = rows[order], corpus.indices[order], weight[order]
    position = np.arange(len(rows)) - corpus.indptr[rows]
    keep = position < size
    rows, columns, weight = rows[keep], columns[keep], weight[keep]
    norms = np.sqrt(np.bincount(rows, weights=weight * weight, minlength=n))
    norms[norms == 0] = 1.0
    return rows, columns, weight / norms[rows], df


Mentions = Sequence[tuple[int, int, float]]
Memberships = Sequence[tuple[int, int]]


def stored_features() -> tuple[list[tuple[int, int, float]], list[tuple[int, int]]]:
    """(article, entity, salience) of salient mentions and (article, hub) of memberships."""
    published = {"article__status": ArticleStatus.PUBLISHED, "article__published_at__isnull": False}
    mentions = [
        (a, e, round(float(s), 6))
        for a, e, s in Mention.objects.filter(is_about=True, **published).values_list(
            "article_id", "entity_id", "salience"
        )
        if s > 0
    ]
    hubs = list(HubMembership.objects.filter(**published).values_list("article_id", "hub_id"))
    return mentions, hubs


@dataclass
class Index:
    """The whole index in memory: postings as a sparse matrix, terms with their df."""

    ids: np.ndarray
    digests: list[str]
    terms: list[str]
    df: np.ndarray
    postings: sparse.csr_matrix  # articles x terms, stored weights
    query: np.ndarray  # per term: what a stored weight is worth in a score


def build_index(
    corpus: TermCounts, weights: Weights, mentions: Mentions = (), hubs: Memberships = ()
) -> Index:
    n = len(corpus.ids)
    rows, columns, values, word_df = signatures(corpus, n, weights.signature_size)
    position = {int(pk): i for i, pk in enumerate(corpus.ids)}
    extra: dict[str, int] = {}
    f_rows, f_cols, f_vals = [], [], []
    base = len(corpus.vocabulary)
    for article_id, term, value in [(a, entity_term(e), s) for a, e, s in mentions] + [
        (a, hub_term(h), 1.0) for a, h in hubs
    ]:
        if article_id not in position:
            continue
        column = extra.setdefault(term, base + len(extra))
        f_rows.append(position[article_id])
        f_cols.append(column)
        f_vals.append(value)
    terms = corpus.vocabulary + list(extra)
    all_rows = np.concatenate([rows, np.array(f_rows, dtype=np.int64)])
    all_cols = np.concatenate([columns.astype(np.int64), np.array(f_cols, dtype=np.int64)])
    all_vals = np.concatenate([values, np.array(f_vals, dtype=np.float64)])
    postings = sparse.csr_matrix((all_vals, (all_rows, all_cols)), shape=(n, len(terms)))
    postings.sort_indices()
    feature_df = np.bincount(np.array(f_cols, dtype=np.int64) - base, minlength=len(extra))
    df = np.concatenate([word_df, feature_df]).astype(np.int64)
    query = np.full(len(terms), weights.text)
    for i, term in enumerate(extra, start=base):
        kind = weights.entity if term.startswith("#e") else weights.hub
        query[i] = kind * idf(int(df[i]), n)
    return Index(corpus.ids, corpus.digests, terms, df, postings, query)


def related_lists(
    index: Index, weights: Weights, progress: Progress
) -> Iterator[tuple[int, list[tuple[int, float]], float]]:
    """(row, [(row, score)…], floor) of every article, a block of rows at a time."""
    n = len(index.ids)
    scaled = index.postings.multiply(index.query[np.newaxis, :]).tocsr()
    proposing, rest = split_query(scaled, index, weights)
    against = index.postings.T.tocsr()
    for start in range(0, n, BLOCK):
        block = (proposing[start : start + BLOCK] @ against).tocsr()
        candidates = [_best(block, i, start + i, weights.candidates) for i in range(block.shape[0])]
        if rest.nnz:
            _add_rest(candidates, start, rest, index.postings)
        for i, scores in enumerate(candidates):
            ranked = ranked_list(scores, weights)
            yield start + i, list(ranked.items), ranked.floor
        progress("scoring", min(start + BLOCK, n), n)


def split_query(
    scaled: sparse.csr_matrix, index: Index, weights: Weights
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Per article, the query terms that propose candidates and the ones that only score
    them, chosen as the incremental path chooses them (`index._scores`): its
    `proposers` heaviest words in at most `broad` articles (ties by the term's text),
    and its features in at most `broad` articles."""
    narrow = index.df <= weights.broad
    feature = np.fromiter((term.startswith("#") for term in index.terms), bool, len(index.terms))
    text_rank = np.empty(len(index.terms), dtype=np.int64)
    text_rank[np.argsort(np.array(index.terms, dtype=object))] = np.arange(len(index.terms))
    keep = np.zeros(scaled.nnz, dtype=bool)
    for row in range(scaled.shape[0]):
        lo, hi = scaled.indptr[row], scaled.indptr[row + 1]
        columns, values = scaled.indices[lo:hi], scaled.data[lo:hi]
        words = np.nonzero(narrow[columns] & ~feature[columns])[0]
        if len(words) > weights.proposers:
            order = np.lexsort((text_rank[columns[words]], -values[words]))
            words = words[order[: weights.proposers]]
        keep[lo + words] = True
        keep[lo + np.nonzero(narrow[columns] & feature[columns])[0]] = True
    proposing, rest = scaled.copy(), scaled.copy()
    proposing.data = np.where(keep, scaled.data, 0.0)
    rest.data = np.where(keep, 0.0, scaled.data)
    proposing.eliminate_zeros()
    rest.eliminate_zeros()
    return proposing, rest


def _best(block: sparse.csr_matrix, i: int, own: int, limit: int) -> dict[int, float]:
    """The best `limit` columns of a row (ties: the higher row, i.e. the newer article)."""
    lo, hi = block.indptr[i], block.indptr[i + 1]
    columns, values = block.indices[lo:hi], block.data[lo:hi]
    mine = columns != own
    columns, values = columns[mine], values[mine]
    if len(values) > limit:
        threshold = np.partition(values, len(values) - limit)[len(values) - limit]
        top = values >= threshold
        columns, values = columns[top], values[top]
    order = np.lexsort((-columns, -values))[:limit]
    return {int(c): float(v) for c, v in zip(columns[order], values[order], strict=True)}


def _add_rest(
    candidates: list[dict[int, float]],
    start: int,
    rest: sparse.csr_matrix,
    postings: sparse.csr_matrix,
) -> None:
    """Add to each candidate's score what the terms that did not propose it contribute."""
    pairs = [(start + i, c) for i, scores in enumerate(candidates) for c in scores]
    if not pairs:
        return
    left = np.array([a for a, _ in pairs])
    right = np.array([b for _, b in pairs])
    extra = np.asarray(rest[left].multiply(postings[right]).sum(axis=1)).ravel()
    for (a, b), value in zip(pairs, extra, strict=True):
        if value:
            candidates[a - start][b] += float(value)


def related_rebuild(*, progress: Progress | None = None, weights: Weights | None = None) -> int:
    """Recompute the whole index (document frequencies, signatures, lists). Returns how many
    articles are indexed. Articles saved while it ran are refreshed once it is written."""
    from dossiers.related.services import related_article_refresh

    progress = progress or (lambda phase, done, total: None)
    weights = weights or weights_setting()
    started = timezone.now()
    ids = _eligible()
    corpus = read_corpus(_rows(ids), len(ids), progress)
    index = build_index(corpus, weights, *stored_features())
    lists = list(related_lists(index, weights, progress))
    with transaction.atomic():
        corpus_lock()
        _write(index, lists, started, progress)
        content_changed()
    _fresh_statistics()
    for pk in Article.objects.filter(updated_at__gte=started).values_list("pk", flat=True):
        related_article_refresh(article_id=pk)
    return len(index.ids)


def _fresh_statistics() -> None:
    """On PostgreSQL, VACUUM ANALYZE the rewritten tables when not inside a transaction:
    without a visibility map, the candidate sum visits the table instead of reading the
    index alone (about 10 times slower on a fresh 100,000-article index)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (ArticleTerm, RelatedArticle, RelatedState, Term):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _write(
    index: Index,
    lists: list[tuple[int, list[tuple[int, float]], float]],
    started: object,
    progress: Progress,
) -> None:
    alive = set(Article.objects.values_list("pk", flat=True))  # deleted while we computed?
    ids = index.ids.tolist()
    for model in (RelatedArticle, ArticleTerm, RelatedState, Term):
        _execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
    _insert(Term, ("text", "df"), list(zip(index.terms, index.df.tolist(), strict=True)))
    term_ids = dict(Term.objects.values_list("text", "pk"))
    column_ids = [term_ids[t] for t in index.terms]
    postings = index.postings.tocoo()
    rows = [
        (ids[r], column_ids[c], v)
        for r, c, v in zip(
            postings.row.tolist(), postings.col.tolist(), postings.data.tolist(), strict=True
        )
        if ids[r] in alive
    ]
    # On SQLite, building the by-term index once beats updating it row by row. (PostgreSQL
    # refuses CREATE INDEX on a table with pending deferred foreign-key checks.)
    rebuild_index = connection.vendor == "sqlite"
    if rebuild_index:
        _execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(_BY_TERM)}")
    _insert(ArticleTerm, ("article_id", "term_id", "weight"), rows, progress)
    if rebuild_index:
        _execute(
            f"CREATE INDEX {connection.ops.quote_name(_BY_TERM)} ON "
            f"{connection.ops.quote_name(ArticleTerm._meta.db_table)} "
            "(term_id, article_id, weight)"
        )
    _insert(
        RelatedArticle,
        ("article_id", "related_id", "score"),
        [
            (ids[row], ids[other], score)
            for row, items, _ in lists
            if ids[row] in alive
            for other, score in items
            if ids[other] in alive
        ],
    )
    _insert(
        RelatedState,
        ("article_id", "digest", "floor"),
        [(ids[row], index.digests[row], floor) for row, _, floor in lists if ids[row] in alive],
    )
    Corpus.objects.update_or_create(
        pk=1,
        defaults={"documents": len(ids), "rebuilt_at": started, "rebuilt_documents": len(ids)},
    )


_BY_TERM = "related_posting_by_term"  # ArticleTerm's index (models.py)


def _execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def _insert(
    model: type, columns: tuple[str, ...], rows: list[tuple], progress: Progress | None = None
) -> None:
    """`core.bulk.insert_rows` a batch at a time, so that progress can be reported."""
    for offset in range(0, len(rows), WRITE_BATCH):
        insert_rows(model, columns, rows[offset : offset + WRITE_BATCH], batch_size=WRITE_BATCH)
        if progress:
            progress("writing", min(offset + WRITE_BATCH, len(rows)), len(rows))

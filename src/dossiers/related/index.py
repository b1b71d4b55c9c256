"""The incremental path: one article's postings, list and place in other lists.

`article_index_refresh` runs after an article is saved (on commit) and
`article_index_remove` when it is unpublished or deleted. Candidates come
from the inverted index: one aggregate over the postings of the article's
terms (signature stems, entities, hubs), summed by the database, best
`candidates` kept; terms in more than `broad` articles are added to those
candidates' scores afterwards instead of proposing candidates themselves
(they would propose half the archive for a few hundredths of score).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection
from django.db.models import F

from dossiers.core.config import conf
from dossiers.hubs.models import HubMembership
from dossiers.knowledge.models import Mention
from dossiers.publishing.models import Article, ArticleStatus
from dossiers.related.models import ArticleTerm, Corpus, RelatedArticle, RelatedState, Term
from dossiers.related.scoring import (
    RankedList,
    Weights,
    features,
    is_feature,
    list_insert,
    query_weights,
    ranked_list,
    signature,
)
from dossiers.related.text import term_counts, text_digest

Text = tuple[str, str]  # (title, body_text)


def weights_setting() -> Weights:
    options = conf()
    return Weights(
        text=options.related_text_weight,
        entity=options.related_entity_weight,
        hub=options.related_hub_weight,
        min_score=options.related_min_score,
    )


def is_indexable(status: str, published_at: object) -> bool:
    """Published articles are indexed, scheduled ones too (readers see them once due)."""
    return status == ArticleStatus.PUBLISHED and published_at is not None


def corpus_lock() -> int:
    """Lock the corpus row for this transaction (PostgreSQL) and return N."""
    row = Corpus.objects.select_for_update().filter(pk=1).values_list("documents", flat=True)
    documents = row.first()
    if documents is None:
        Corpus.objects.create(pk=1, documents=0)
        return 0
    return documents


# The archive may grow by this share (and at least GROWTH_MIN articles) past the last
# rebuild before another is queued: idf values drift as articles are added one by one.
GROWTH = 0.25
GROWTH_MIN = 20


def _rebuild_if_grown(documents: int) -> None:
    rebuilt = Corpus.objects.filter(pk=1).values_list("rebuilt_documents", flat=True).first() or 0
    if documents == max(int(rebuilt * (1 + GROWTH)), rebuilt + GROWTH_MIN):
        from dossiers.related.services import related_rebuild_request

        related_rebuild_request(reason=f"the archive grew from {rebuilt} to {documents} articles")


def article_features(article_id: int) -> dict[str, float]:
    """The entities the article is about and the hubs it is on, as pseudo-terms (2 queries)."""
    entities = dict(
        Mention.objects.filter(article_id=article_id, is_about=True).values_list(
            "entity_id", "salience"
        )
    )
    hubs = HubMembership.objects.filter(article_id=article_id).values_list("hub_id", flat=True)
    return features(entities, hubs)


class _Terms:
    """Ids and document frequencies of the terms one update touches."""

    def __init__(self, texts: Iterable[str]) -> None:
        wanted = set(texts)
        self.ids: dict[str, int] = {}
        self.df: dict[str, int] = {}
        self._load(wanted)
        missing = wanted - self.ids.keys()
        if missing:
            Term.objects.bulk_create([Term(text=t, df=0) for t in missing], ignore_conflicts=True)
            self._load(missing)

    def _load(self, texts: set[str]) -> None:
        for pk, text, df in Term.objects.filter(text__in=texts).values_list("pk", "text", "df"):
            self.ids[text] = pk
            self.df[text] = df

    def shift(self, texts: set[str], by: int) -> None:
        if not texts:
            return
        Term.objects.filter(pk__in=[self.ids[t] for t in texts]).update(df=F("df") + by)
        for text in texts:
            self.df[text] = max(self.df[text] + by, 0)


def _counted_words(state: RelatedState, *texts: Text | None) -> set[str] | None:
    """The stems an indexed article was counted with, if one of these texts is the one."""
    for text in texts:
        if text is not None and text_digest(*text) == state.digest:
            return set(term_counts(*text))
    return None


def article_index_refresh(
    *, article_id: int, before: Text | None = None, weights: Weights | None = None
) -> None:
    """Index the article as it is now (or take it out if it is not published).

    `before` is the text as it was before an edit, so that the document
    frequencies it was counted with can be taken back. Call inside a transaction.
    """
    weights = weights or weights_setting()
    documents = corpus_lock()
    row = (
        Article.objects.filter(pk=article_id)
        .values_list("status", "published_at", "title", "body_text")
        .first()
    )
    state = RelatedState.objects.filter(article_id=article_id).first()
    if row is None or not is_indexable(row[0], row[1]):
        if state is not None:
            now = (row[2], row[3]) if row else None
            _remove(article_id, state, documents, weights, texts=(now, before))
        return
    text = (row[2], row[3])
    counts = term_counts(*text)
    digest = text_digest(*text)
    old = dict(
        ArticleTerm.objects.filter(article_id=article_id).values_list("term__text", "weight")
    )
    feats = article_features(article_id)
    old_feats = {t for t in old if is_feature(t)}
    words_added: set[str] = set()
    words_removed: set[str] = set()
    if state is None:
        words_added = set(counts)
        documents += 1
        Corpus.objects.filter(pk=1).update(documents=documents)
        _rebuild_if_grown(documents)
    elif state.digest != digest:
        counted = _counted_words(state, before)
        if counted is not None:
            words_added, words_removed = set(counts) - counted, counted - set(counts)
    terms = _Terms(set(counts) | set(feats) | old_feats | words_removed)
    terms.shift(words_added | (set(feats) - old_feats), +1)
    terms.shift(words_removed | (old_feats - set(feats)), -1)
    postings = signature(counts, terms.df, documents, weights.signature_size) | feats
    ArticleTerm.objects.filter(article_id=article_id).delete()
    ArticleTerm.objects.bulk_create(
        ArticleTerm(article_id=article_id, term_id=terms.ids[t], weight=w)
        for t, w in postings.items()
    )
    owners = _take_out_of_lists(article_id)
    scores = _scores(article_id, postings, terms, documents, weights)
    _store_list(article_id, ranked_list(scores, weights), digest=digest)
    returned = _put_into_lists(article_id, scores, weights)
    _refill(owners - returned, weights)


def article_index_remove(
    *, article_id: int, text: Text | None = None, weights: Weights | None = None
) -> None:
    """Take an article out of the index and out of every list (unpublished or deleted)."""
    weights = weights or weights_setting()
    documents = corpus_lock()
    state = RelatedState.objects.filter(article_id=article_id).first()
    if state is not None:
        _remove(article_id, state, documents, weights, texts=(text,))


def _remove(
    article_id: int,
    state: RelatedState,
    documents: int,
    weights: Weights,
    *,
    texts: tuple[Text | None, ...],
) -> None:
    counted = _counted_words(state, *texts) or set()
    old_feats = set(
        ArticleTerm.objects.filter(article_id=article_id, term__text__startswith="#").values_list(
            "term__text", flat=True
        )
    )
    if counted or old_feats:
        terms = _Terms(counted | old_feats)
        terms.shift(counted | old_feats, -1)
    Corpus.objects.filter(pk=1).update(documents=max(documents - 1, 0))
    ArticleTerm.objects.filter(article_id=article_id).delete()
    RelatedArticle.objects.filter(article_id=article_id).delete()
    RelatedState.objects.filter(article_id=article_id).delete()
    _refill(_take_out_of_lists(article_id), weights)


def _take_out_of_lists(article_id: int) -> set[int]:
    """Remove the article from every list it is in; returns the lists' owners."""
    entries = RelatedArticle.objects.filter(related_id=article_id)
    owners = set(entries.values_list("article_id", flat=True))
    if owners:
        entries.delete()
    return owners


def _scores(
    article_id: int,
    postings: Mapping[str, float],
    terms: _Terms,
    documents: int,
    weights: Weights,
) -> dict[int, float]:
    """Scores of the best candidates for an article with these postings."""
    query = query_weights(postings, terms.df, documents, weights)
    narrow = [t for t in query if terms.df.get(t, 0) <= weights.broad]
    words = sorted((t for t in narrow if not is_feature(t)), key=lambda t: (-query[t], t))
    chosen = set(words[: weights.proposers]) | {t for t in narrow if is_feature(t)}
    proposing = {terms.ids[t]: query[t] for t in chosen}
    scoring = {terms.ids[t]: q for t, q in query.items() if t not in chosen}
    scores = _partial_scores(article_id, proposing, weights.candidates)
    if scoring and scores:
        for other, term_id, weight in ArticleTerm.objects.filter(
            article_id__in=list(scores), term_id__in=list(scoring)
        ).values_list("article_id", "term_id", "weight"):
            scores[other] += scoring[term_id] * weight
    return scores


def _partial_scores(article_id: int, query: Mapping[int, float], limit: int) -> dict[int, float]:
    """The `limit` best articles by their score over these terms: one aggregate, in the
    database, over the (term, article, weight) index."""
    if not query:
        return {}
    table = connection.ops.quote_name(ArticleTerm._meta.db_table)
    params: list[Any]
    if connection.vendor == "postgresql":
        # Joining the query terms as two arrays is 2-3 times faster than a CASE per row.
        sql = (
            "SELECT p.article_id, SUM(p.weight * q.w) AS score "  # noqa: S608
            f"FROM {table} p JOIN unnest(%s::bigint[], %s::float8[]) AS q(term_id, w) "
            "ON p.term_id = q.term_id WHERE p.article_id <> %s "
            "GROUP BY p.article_id ORDER BY score DESC, p.article_id DESC LIMIT %s"
        )
        params = [list(query), list(query.values()), article_id, limit]
    else:
        # The query terms as a VALUES table joined to the covering (term, article, weight)
        # index: a third faster than a CASE per posting row.
        values = ", ".join("(%s, %s)" for _ in query)
        sql = (
            f"WITH q(term_id, w) AS (VALUES {values}) "  # noqa: S608
            f"SELECT p.article_id, SUM(p.weight * q.w) AS score FROM q JOIN {table} p "
            "ON p.term_id = q.term_id WHERE p.article_id <> %s "
            "GROUP BY p.article_id ORDER BY score DESC, p.article_id DESC LIMIT %s"
        )
        params = [value for item in query.items() for value in item]
        params += [article_id, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk: float(score) for pk, score in cursor.fetchall()}


def _store_list(article_id: int, ranked: RankedList, *, digest: str | None = None) -> None:
    RelatedArticle.objects.filter(article_id=article_id).delete()
    RelatedArticle.objects.bulk_create(
        RelatedArticle(article_id=article_id, related_id=pk, score=score)
        for pk, score in ranked.items
    )
    if digest is None:
        RelatedState.objects.filter(article_id=article_id).update(floor=ranked.floor)
    else:
        RelatedState.objects.update_or_create(
            article_id=article_id, defaults={"digest": digest, "floor": ranked.floor}
        )


def _put_into_lists(article_id: int, scores: Mapping[int, float], weights: Weights) -> set[int]:
    """Insert the article into the lists of the candidates it now ranks in (scores are
    symmetric). Returns the owners of those lists."""
    floors = dict(
        RelatedState.objects.filter(article_id__in=list(scores)).values_list("article_id", "floor")
    )
    owners = [pk for pk, score in scores.items() if pk in floors and score > floors[pk]]
    if not owners:
        return set()
    lists: dict[int, list[tuple[int, float]]] = {pk: [] for pk in owners}
    row_ids: dict[tuple[int, int], int] = {}
    for pk, owner, related, score in RelatedArticle.objects.filter(
        article_id__in=owners
    ).values_list("pk", "article_id", "related_id", "score"):
        lists[owner].append((related, score))
        row_ids[owner, related] = pk
    added, dropped, floors_changed = [], [], []
    for owner in owners:
        before = RankedList(tuple(lists[owner]), floors[owner])
        after = list_insert(before, article_id, scores[owner], weights.keep)
        if after is None:
            continue
        added.append(RelatedArticle(article_id=owner, related_id=article_id, score=scores[owner]))
        kept = {pk for pk, _ in after.items}
        dropped += [row_ids[owner, pk] for pk, _ in before.items if pk not in kept]
        if after.floor != before.floor:
            floors_changed.append(RelatedState(article_id=owner, floor=after.floor))
    RelatedArticle.objects.bulk_create(added)
    if dropped:
        RelatedArticle.objects.filter(pk__in=dropped).delete()
    RelatedState.objects.bulk_update(floors_changed, ["floor"])
    return {entry.article_id for entry in added}


def _refill(owners: set[int], weights: Weights) -> None:
    """Recompute the lists that have fewer entries left than a page shows."""
    if not owners:
        return
    left = dict.fromkeys(owners, 0)
    for owner in RelatedArticle.objects.filter(article_id__in=owners).values_list(
        "article_id", flat=True
    ):
        left[owner] += 1
    short = [pk for pk, n in left.items() if n < weights.show]
    if short:
        documents = Corpus.objects.filter(pk=1).values_list("documents", flat=True).first() or 0
        for owner in short:
            article_list_recompute(article_id=owner, documents=documents, weights=weights)


def article_list_recompute(*, article_id: int, documents: int, weights: Weights) -> None:
    """Recompute one indexed article's list from its stored postings."""
    rows = ArticleTerm.objects.filter(article_id=article_id).values_list(
        "term_id", "term__text", "term__df", "weight"
    )
    terms = _Terms.__new__(_Terms)
    terms.ids, terms.df = {}, {}
    postings: dict[str, float] = {}
    for term_id, text, df, weight in rows:
        terms.ids[text], terms.df[text], postings[text] = term_id, df, weight
    scores = _scores(article_id, postings, terms, documents, weights)
    _store_list(article_id, ranked_list(scores, weights))

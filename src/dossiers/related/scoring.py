"""How related two articles are (pure, no ORM): the one formula every code path uses.

An article is described by *postings*: its signature (the top `signature_size`
stems by TF-IDF, sublinear tf, L2-normalised) plus one pseudo-term per entity
it is about (`#e<id>`, stored weight = salience) and per hub it is on
(`#h<id>`, stored weight 1). The score of two articles is bilinear in the
stored weights, so it is symmetric and can be summed by the database over an
inverted index (or by a sparse matrix product in the bulk path):

    score(a, b) =  text  * cosine(signature_a, signature_b)
                 + entity * sum over shared entities e of idf(e) * salience_a(e) * salience_b(e)
                 + hub   * sum over shared hubs h of idf(h)

Why these weights (settings DOSSIERS_RELATED_*_WEIGHT): text carries every
corpus, including one without a knowledge base (the BBC evaluation), so it is
the unit. Related articles' signatures have a cosine of about 0.1 to 0.4. One
shared rare entity both articles are about (salience ~0.6, idf ~6) adds
about 0.1 with entity = 0.05: as much as a good share of vocabulary, but not
enough to pair two articles that only share a popular name. Hubs follow from
key entities, so they count a little on top (0.015: ~0.06 for a hub holding
2% of the archive); pinning an article to a hub therefore draws it towards
that hub's other articles. idf is the smoothed ln((1+N)/(1+df)) + 1 for
words, entities and hubs alike: rare evidence weighs more.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ENTITY_PREFIX = "#e"
HUB_PREFIX = "#h"


@dataclass(frozen=True)
class Weights:
    text: float = 1.0
    entity: float = 0.05
    hub: float = 0.015
    signature_size: int = 50  # stems kept per article (tuned on half the BBC corpus)
    keep: int = 10  # related articles stored per article (5 shown; the rest absorb removals)
    show: int = 5
    candidates: int = 60  # articles scored per article, the best by partial score
    broad: int = 1000  # terms in more articles than this score but do not propose candidates
    # The heaviest query terms propose candidates; the others only add to their scores
    # (the candidate sum costs in proportion to the postings it reads).
    proposers: int = 24
    min_score: float = 0.03  # below this two articles are not related


def entity_term(entity_id: int) -> str:
    return f"{ENTITY_PREFIX}{entity_id}"


def hub_term(hub_id: int) -> str:
    return f"{HUB_PREFIX}{hub_id}"


def is_feature(term: str) -> bool:
    return term.startswith("#")


def idf(df: int, documents: int) -> float:
    """Smoothed inverse document frequency: rare terms weigh more, none weighs zero."""
    return math.log((1 + documents) / (1 + max(df, 0))) + 1.0


def signature(
    counts: Mapping[str, int], df: Mapping[str, int], documents: int, size: int
) -> dict[str, float]:
    """The article's `size` heaviest stems by (1 + ln tf) * idf, scaled to unit length."""
    weighted = [
        ((1.0 + math.log(tf)) * idf(df.get(term, 1), documents), term)
        for term, tf in counts.items()
        if tf > 0
    ]
    # Heaviest first; equal weights in term order, so every code path keeps the same terms.
    weighted.sort(key=lambda pair: (-pair[0], pair[1]))
    top = weighted[:size]
    norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
    return {term: w / norm for w, term in top}


def features(entities: Mapping[int, float], hubs: Iterable[int]) -> dict[str, float]:
    """Pseudo-terms of the entities an article is about (weight: salience) and of its hubs."""
    found = {entity_term(pk): round(float(s), 6) for pk, s in entities.items() if s > 0}
    found.update({hub_term(pk): 1.0 for pk in hubs})
    return found


def query_weights(
    postings: Mapping[str, float], df: Mapping[str, int], documents: int, weights: Weights
) -> dict[str, float]:
    """Per term, what one stored weight of another article adds to the score with this one."""
    out: dict[str, float] = {}
    for term, stored in postings.items():
        if term.startswith(ENTITY_PREFIX):
            out[term] = stored * (weights.entity * idf(df.get(term, 1), documents))
        elif term.startswith(HUB_PREFIX):
            out[term] = stored * (weights.hub * idf(df.get(term, 1), documents))
        else:
            out[term] = weights.text * stored
    return out


def pair_score(
    a: Mapping[str, float],
    b: Mapping[str, float],
    df: Mapping[str, int],
    documents: int,
    weights: Weights,
) -> float:
    """The score of two articles from their postings (the reference the index paths follow)."""
    query = query_weights(a, df, documents, weights)
    return sum(q * b[term] for term, q in query.items() if term in b)


def best(scores: Mapping[int, float], limit: int) -> list[tuple[int, float]]:
    """The `limit` best (id, score) pairs: highest score first, then the newest id."""
    ranked = sorted(scores.items(), key=lambda item: (-item[1], -item[0]))
    return ranked[:limit]


@dataclass(frozen=True)
class RankedList:
    """An article's stored list: every candidate scoring above `floor`, best first."""

    items: tuple[tuple[int, float], ...]
    floor: float


def ranked_list(scores: Mapping[int, float], weights: Weights) -> RankedList:
    """The top `keep` of the scores above the minimum, and the floor under them.

    The floor is the best score left out (or the minimum): any article that
    scores above it belongs in the list, which is how a new article is put
    into existing lists without recomputing them.
    """
    ranked = best({k: v for k, v in scores.items() if v > weights.min_score}, weights.keep + 1)
    floor = ranked[weights.keep][1] if len(ranked) > weights.keep else weights.min_score
    return RankedList(tuple(ranked[: weights.keep]), floor)


def list_insert(current: RankedList, item: int, score: float, keep: int) -> RankedList | None:
    """The list with `item` added, or None when it does not belong (at or under the floor).

    Adding to a full list pushes its last item out, and the floor rises to
    that item's score: the list still holds exactly what scores above it.
    """
    if score <= current.floor:
        return None
    ranked = sorted(
        [(pk, s) for pk, s in current.items if pk != item] + [(item, score)],
        key=lambda pair: (-pair[1], -pair[0]),
    )
    if len(ranked) <= keep:
        return RankedList(tuple(ranked), current.floor)
    return RankedList(tuple(ranked[:keep]), max(current.floor, ranked[keep][1]))

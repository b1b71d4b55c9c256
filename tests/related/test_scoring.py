"""The pure parts: words, signatures, scores and list maintenance (no database)."""

import math

import pytest

from dossiers.related.scoring import (
    RankedList,
    Weights,
    entity_term,
    features,
    hub_term,
    idf,
    list_insert,
    pair_score,
    ranked_list,
    signature,
)
from dossiers.related.text import term_counts, text_digest, words


def test_words_fold_case_and_diacritics_drop_stop_words_and_numbers_and_stem():
    assert words("The Türkiye analyses, in 2024, said NATO's navies are growing") == [
        "turkiy",
        "analys",
        "nato",
        "navi",
        "grow",
    ]


def test_title_words_count_double():
    counts = term_counts("Drones", "Drones and more drones over the strait.")
    assert counts["drone"] == 2 + 2
    assert counts["strait"] == 1


def test_digest_changes_with_title_or_body():
    assert text_digest("a", "b") != text_digest("a", "c") != text_digest("b", "c")


def test_idf_weighs_rare_terms_more_and_never_zero():
    assert idf(1, 1000) > idf(100, 1000) > idf(1000, 1000) > 0
    assert idf(1000, 1000) == pytest.approx(1.0, abs=0.01)


def test_signature_keeps_the_heaviest_terms_at_unit_length():
    counts = {"common": 5, "rare": 1, "middle": 2, "other": 1}
    df = {"common": 90, "rare": 1, "middle": 10, "other": 50}
    sig = signature(counts, df, 100, size=2)
    assert set(sig) == {"rare", "middle"}
    assert math.isclose(sum(w * w for w in sig.values()), 1.0)
    # Sublinear tf: "middle" twice outweighs "rare" once despite its lower idf.
    middle, rare = (1 + math.log(2)) * idf(10, 100), idf(1, 100)
    assert sig["middle"] / sig["rare"] == pytest.approx(middle / rare)


def test_score_is_symmetric_and_rewards_rare_shared_entities():
    weights = Weights()
    df = {entity_term(1): 2, entity_term(2): 500, hub_term(7): 50}
    a = {"drone": 0.8, "strait": 0.6} | features({1: 0.6, 2: 0.6}, [7])
    b = {"drone": 1.0} | features({1: 0.5}, [7])
    c = {"drone": 1.0} | features({2: 0.5}, [7])
    assert pair_score(a, b, df, 1000, weights) == pytest.approx(pair_score(b, a, df, 1000, weights))
    # Sharing the rare entity counts more than sharing the common one.
    assert pair_score(a, b, df, 1000, weights) > pair_score(a, c, df, 1000, weights)
    text_only = 0.8 * 1.0
    assert pair_score(a, c, df, 1000, weights) > text_only


def test_ranked_list_keeps_the_best_and_the_floor_under_them():
    weights = Weights(keep=2, min_score=0.1)
    ranked = ranked_list({1: 0.5, 2: 0.9, 3: 0.3, 4: 0.05}, weights)
    assert ranked.items == ((2, 0.9), (1, 0.5))
    assert ranked.floor == 0.3
    short = ranked_list({1: 0.5, 4: 0.05}, weights)
    assert short.items == ((1, 0.5),) and short.floor == 0.1


def test_list_insert_respects_the_floor_and_pushes_the_last_out():
    full = RankedList(((2, 0.9), (1, 0.5)), floor=0.3)
    assert list_insert(full, 7, 0.3, keep=2) is None
    after = list_insert(full, 7, 0.6, keep=2)
    assert after == RankedList(((2, 0.9), (7, 0.6)), floor=0.5)
    room = list_insert(RankedList(((2, 0.9),), floor=0.1), 7, 0.2, keep=2)
    assert room == RankedList(((2, 0.9), (7, 0.2)), floor=0.1)

import datetime as dt

import pytest

from dossiers.hubs.overview import CoveredEntity, Overview, overview_segments

D1 = dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC)
D2 = dt.datetime(2025, 11, 29, 10, tzinfo=dt.UTC)


def text(overview):
    return "".join(segment.text for segment in overview_segments(overview))


def entities(n):
    return tuple(CoveredEntity(f"E{i}", f"/entities/e{i}/", 5 - i) for i in range(n))


def test_no_articles():
    assert text(Overview(0, None, None)) == "No analyses have been collected on this topic yet."


def test_one_article_one_entity():
    overview = Overview(1, D2, D2, (CoveredEntity("Black Sea", "/entities/black-sea/", 1),))
    assert (
        text(overview) == "One analysis, published on 29 November 2025. "
        "Beyond the key terms, it also covers Black Sea."
    )


def test_two_entities_are_joined_with_and():
    assert text(Overview(4, D1, D2, entities(2))).endswith(
        "they also cover E0 (in 5) and E1 (in 4)."
    )


def test_many_entities_use_commas_then_and_and_a_singular_count():
    overview = Overview(12, D1, D2, (*entities(3), CoveredEntity("Baltic states", "/b/", 1)))
    assert text(overview) == (
        "12 analyses published between 3 March 2025 and 29 November 2025. Beyond the key terms, "
        "they also cover E0 (in 5), E1 (in 4), E2 (in 3) and Baltic states (in 1 analysis)."
    )


@pytest.mark.parametrize("n", [2, 7])
def test_same_day_span(n):
    assert text(Overview(n, D2, D2)) == f"{n} analyses, all published on 29 November 2025."


def test_entity_segments_are_links():
    segments = overview_segments(Overview(3, D1, D2, entities(1)))
    assert [s.url for s in segments if s.url] == ["/entities/e0/"]

"""The contract every search backend keeps: one test class, run for each backend that
works on the test database (the suite runs on SQLite and on PostgreSQL, so both are held
to it)."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossiers.hubs.models import HubMembership
from dossiers.publishing.models import Article
from dossiers.search.backends import BY_VENDOR, backend_class
from dossiers.search.backends.base import MARK_OPEN, SearchRequest
from dossiers.search.models import SearchDocument
from dossiers.search.query import parse_query, with_other_names
from tests.search.conftest import article_row, document

BACKENDS = [path for path in BY_VENDOR.values() if backend_class(path).vendor == connection.vendor]


@pytest.fixture(params=BACKENDS, ids=lambda path: path.rsplit(".", 1)[-1])
def backend(request, db):
    return backend_class(request.param)({"WINDOW": 10})


def find(backend, text, *, now=None, parsed=None, **request):
    result = backend.search(
        SearchRequest(query=parsed or parse_query(text), now=now or timezone.now(), **request)
    )
    return result


def ids(result):
    return [hit.article_id for hit in result.hits]


class TestBackendContract:
    def test_finds_words_in_the_title_the_summary_and_the_body(self, backend, add):
        a = add(backend, title="Drone walls on the eastern flank")
        b = add(backend, summary="A note on Baltic sentries")
        c = add(backend, body="Nothing here but shipyards and ports.")
        add(backend, body="Unrelated text.")
        assert ids(find(backend, "drone walls")) == [a.pk]
        assert ids(find(backend, "baltic")) == [b.pk]
        assert ids(find(backend, "shipyards")) == [c.pk]
        assert find(backend, "submarines").total == 0

    def test_every_clause_must_match(self, backend, add):
        both = add(backend, body="Patriot batteries and interceptors.")
        add(backend, body="Patriot missiles only.")
        assert ids(find(backend, "patriot interceptors")) == [both.pk]

    def test_english_stems_case_and_diacritics_fold(self, backend, add):
        a = add(backend, body="Türkiye buys drones; NATO watches.")
        assert ids(find(backend, "drone")) == [a.pk]
        assert ids(find(backend, "TURKIYE")) == [a.pk]
        assert ids(find(backend, "türkiye nato")) == [a.pk]

    def test_a_phrase_needs_its_words_in_order(self, backend, add):
        together = add(backend, body="The goal of strategic autonomy is old.")
        add(backend, body="Autonomy is strategic, they said.")
        assert ids(find(backend, '"strategic autonomy"')) == [together.pk]
        assert find(backend, "strategic autonomy").total == 2

    def test_the_last_word_matches_as_a_prefix_even_past_its_stem(self, backend, add):
        a = add(backend, body="European strategic autonomy.")
        assert ids(find(backend, "strategic auton")) == [a.pk]
        assert ids(find(backend, "strategi")) == [a.pk]  # "strategic" stems to "strateg"
        assert find(backend, '"auton"').total == 0  # a quoted word is whole

    def test_punctuated_names_match_as_their_parts(self, backend, add):
        a = add(backend, body="Ankara bought the S-400 from Russia; U.S. sanctions followed.")
        assert ids(find(backend, "S-400")) == [a.pk]
        assert ids(find(backend, "u.s. sanctions")) == [a.pk]

    def test_alternative_names_match_any(self, backend, add):
        a = add(backend, body="Ankara and the alliance.")
        b = add(backend, body="Türkiye and the alliance.")
        add(backend, body="Greece and the alliance.")
        parsed = with_other_names(
            parse_query("turkey"), start=0, end=1, names=[("ankara",), ("türkiye",)]
        )
        assert sorted(ids(find(backend, "", parsed=parsed))) == sorted([a.pk, b.pk])

    def test_title_matches_outrank_body_matches(self, backend, add):
        body = add(backend, body="Notes on convoy escort in the Red Sea, and more.")
        title = add(backend, title="Convoy escort", body="Notes on the Red Sea, and more.")
        assert ids(find(backend, "convoy escort")) == [title.pk, body.pk]

    def test_the_newer_of_equally_relevant_articles_comes_first(self, backend, add):
        old = add(
            backend, body="Loitering munitions.", published_at=timezone.now() - dt.timedelta(days=9)
        )
        new = add(
            backend, body="Loitering munitions.", published_at=timezone.now() - dt.timedelta(days=2)
        )
        assert ids(find(backend, "loitering munitions")) == [new.pk, old.pk]

    def test_a_scheduled_article_is_not_found_before_it_is_due(self, backend, add):
        due = timezone.now() + dt.timedelta(hours=2)
        a = add(backend, body="Hypersonic claims.", published_at=due)
        assert find(backend, "hypersonic").total == 0
        assert find(backend, "hypersonic", now=due - dt.timedelta(microseconds=1)).total == 0
        assert ids(find(backend, "hypersonic", now=due)) == [a.pk]

    def test_within_the_due_second_the_exact_time_decides(self, backend, add):
        due = timezone.now().replace(microsecond=600_000) + dt.timedelta(hours=1)
        a = add(backend, body="Sky shield.", published_at=due)
        assert find(backend, "sky shield", now=due.replace(microsecond=300_000)).total == 0
        assert ids(find(backend, "sky shield", now=due.replace(microsecond=700_000))) == [a.pk]

    def test_dates_bound_the_results(self, backend, add):
        day = dt.datetime(2025, 3, 10, 12, tzinfo=dt.UTC)
        before = add(backend, body="Grain deal.", published_at=day - dt.timedelta(days=30))
        inside = add(backend, body="Grain deal.", published_at=day)
        assert ids(find(backend, "grain", published_from=day - dt.timedelta(days=1))) == [inside.pk]
        assert ids(find(backend, "grain", published_until=day - dt.timedelta(days=1))) == [
            before.pk
        ]

    def test_restrict_keeps_only_the_articles_of_every_filter(self, backend, add):
        a = add(backend, body="Arctic council.")
        b = add(backend, body="Arctic council.")
        only_a = Article.objects.filter(pk=a.pk).values("pk")
        not_b = Article.objects.exclude(pk=b.pk).values("pk")
        assert ids(find(backend, "arctic", restrict=(only_a,))) == [a.pk]
        assert ids(find(backend, "arctic", restrict=(only_a, not_b))) == [a.pk]
        nobody = HubMembership.objects.filter(hub_id=-1).values("article_id")
        assert find(backend, "arctic", restrict=(nobody,)).total == 0

    def test_also_adds_articles_without_the_words_after_the_word_matches(self, backend, add):
        worded = add(backend, title="Svalbard status", body="Svalbard and its treaty.")
        about = add(backend, body="The archipelago and its treaty.")
        also = Article.objects.filter(pk=about.pk).values("pk")
        result = find(backend, "svalbard", also=also)
        assert ids(result) == [worded.pk, about.pk]
        assert result.total == 2
        assert "archipelago" in result.hits[1].snippet_html or result.hits[1].snippet_html == ""

    def test_indexing_again_replaces_and_remove_takes_out(self, backend, add):
        a = add(backend, body="Old words: frigates.")
        a.body_text = "New words: corvettes."
        backend.index([document(a)])
        assert find(backend, "frigates").total == 0
        assert ids(find(backend, "corvettes")) == [a.pk]
        backend.remove([a.pk, 999_999])
        assert find(backend, "corvettes").total == 0
        assert backend.document_count() == 0

    def test_deleting_the_article_deletes_its_entry(self, backend, add):
        a = add(backend, body="Montreux convention.")
        Article.objects.filter(pk=a.pk).delete()
        assert find(backend, "montreux").total == 0
        assert SearchDocument.objects.count() == 0

    def test_clear_empties_the_index(self, backend, add):
        add(backend, body="Suwalki gap.")
        backend.clear()
        assert find(backend, "suwalki").total == 0
        assert backend.document_count() == 0

    def test_pages_follow_offset_and_limit_with_the_total(self, backend, add):
        made = [add(backend, body=f"Patrol number {i}.") for i in range(7)]
        newest_first = [a.pk for a in made]  # article_row dates each row a minute earlier
        first = find(backend, "patrol", limit=3)
        second = find(backend, "patrol", offset=3, limit=3)
        last = find(backend, "patrol", offset=6, limit=3)
        assert first.total == second.total == 7 and not first.capped
        assert ids(first) + ids(second) + ids(last) == newest_first

    def test_a_broad_query_ranks_the_newest_window_and_says_so(self, backend, add):
        made = [add(backend, body="Radar coverage.") for _ in range(12)]
        result = find(backend, "radar", limit=20)
        assert result.capped and result.total == 10 == backend.window
        assert ids(result) == [a.pk for a in made][:10]

    def test_a_phrase_checks_the_window_of_its_words(self, backend, add):
        for _ in range(11):
            add(backend, body="Naval mines and other naval matters.")
        exact = add(backend, body="Naval mines, clearly.")
        result = find(backend, '"mines clearly"')
        assert ids(result) == [exact.pk] and not result.capped

    def test_snippets_are_escaped_text_with_marked_matches(self, backend, add):
        add(
            backend,
            title="<b>Bold</b>",
            body=f'The interceptors <script>alert("x")</script> {MARK_OPEN}run out & costs rise.',
        )
        snippet = find(backend, "interceptors").hits[0].snippet_html
        assert "<mark>interceptors</mark>" in snippet
        # Nothing but <mark> is markup (PostgreSQL drops tags from headlines, FTS5 keeps
        # them as text: both are safe), every & is escaped, marks are balanced.
        assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")
        assert "&amp;" in snippet and "& " not in snippet
        assert snippet.count("<mark>") == snippet.count("</mark>")

    def test_a_match_only_in_the_summary_gives_a_summary_snippet(self, backend, add):
        add(backend, summary="Why the Quad watches the sea.", body="Long body without it.")
        assert "<mark>" in find(backend, "quad").hits[0].snippet_html

    def test_an_unsearchable_query_finds_nothing_without_error(self, backend, add):
        add(backend, body="Text.")
        result = find(backend, "***")
        assert result.total == 0 and result.hits == ()


QUERY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=120) | st.sampled_from(
    ['"', "'", "*", "^", "NEAR(", "title:", "\x00", '" OR 1=1 --', "a:*|!", "x AND NOT y", "ß ǅ ﬁ"]
)


@pytest.mark.parametrize("path", BACKENDS, ids=lambda path: path.rsplit(".", 1)[-1])
@pytest.mark.django_db
def test_arbitrary_text_is_a_valid_query_for_the_real_backend(path):
    backend = backend_class(path)({"WINDOW": 10})
    article = article_row(title="Strategic autonomy", body="Drones and the S-400, café.")
    backend.index([document(article)])

    @settings(
        max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(QUERY_TEXT, QUERY_TEXT)
    def search(text, other):
        parsed = parse_query(text)
        result = find(backend, "", parsed=parsed)
        assert result.total >= 0
        if parsed.searchable:  # and as alternatives of each other
            words = parse_query(other).words
            expanded = with_other_names(
                parsed, start=0, end=len(parsed.clauses[0].words), names=[words]
            )
            find(backend, "", parsed=expanded, typed=parsed)

    search()

import pytest

from dossiers.knowledge.matching import Term, build_matcher
from dossiers.knowledge.models import Entity, EntitySuggestion, SuggestionStatus
from dossiers.knowledge.suggestions import candidate_names, suggestion_accept, suggestions_refresh
from tests.factories import ArticleFactory, EntityFactory

TEXTS = [
    (1, "The Black Sea Fleet moved. Officials at the Joint Coordination Centre said so."),
    (2, "Later the Joint Coordination Centre met again. NATO watched. The JCC was busy."),
    (3, "However, the JCC report came late. Monday was quiet in the Black Sea Fleet base."),
]


def test_recurring_capitalised_names_and_acronyms_not_in_the_base_are_proposed():
    known = build_matcher([Term(1, "NATO", True), Term(2, "Black Sea Fleet")])
    found = {c.name: c for c in candidate_names(TEXTS, known)}
    assert set(found) == {"Joint Coordination Centre", "JCC"}
    jcc = found["JCC"]
    assert jcc.is_acronym and jcc.count == 2 and jcc.article_ids == {2, 3}
    assert jcc.examples[0] == "The JCC was busy."
    # Sentence-initial words, weekdays and known names are not names to propose.
    assert not {"However", "Monday", "Later", "NATO", "Black Sea Fleet"} & set(found)


def test_dismissed_names_are_not_proposed_again():
    known = build_matcher([])
    names = {c.name for c in candidate_names(TEXTS, known, exclude=["JCC"])}
    assert "JCC" not in names


@pytest.mark.django_db
def test_refresh_stores_suggestions_and_one_click_creates_an_entity(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # each write commits
        EntityFactory(name="NATO")
    ArticleFactory(title="Drills", body="The Joint Expeditionary Force trained. NATO watched.")
    ArticleFactory(title="More drills", body="Again the Joint Expeditionary Force sailed.")
    assert suggestions_refresh() >= 1
    suggestion = EntitySuggestion.objects.get(name="Joint Expeditionary Force")
    assert suggestion.article_count == 2 and suggestion.examples
    with django_capture_on_commit_callbacks(execute=True):
        entity = suggestion_accept(suggestion_id=suggestion.pk)
    assert Entity.objects.filter(pk=entity.pk, name="Joint Expeditionary Force").exists()
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.CREATED and suggestion.entity == entity
    # Now in the base: the next refresh no longer proposes it as new.
    suggestions_refresh()
    assert not EntitySuggestion.objects.filter(
        name="Joint Expeditionary Force", status=SuggestionStatus.NEW
    ).exists()
    assert entity.mentions.count() == 2  # the archive was re-linked

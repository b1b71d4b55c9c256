"""The editors' side of the knowledge engine, through the real admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.hubs.models import Hub
from dossiers.knowledge.models import (
    AmbiguousMention,
    Entity,
    EntitySuggestion,
    Mention,
    RelinkJob,
    RelinkStatus,
)
from tests.conftest import parse_html
from tests.factories import ArticleFactory, EntityFactory, HubFactory

pytestmark = pytest.mark.django_db


def test_saving_an_entity_queues_a_background_relink_and_shows_its_progress(
    admin_client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="Sky Shield debate", body="Sky Shield again.")
    data = {
        "name": "European Sky Shield Initiative",
        "slug": "essi",
        "type": "programme",
        "definition": "A European air defence purchasing club.",
        "description": "",
        "same_as": "[]",
        "wikidata_id": "",
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-0-text": "Sky Shield",
        "aliases-0-position": "0",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/knowledge/entity/add/", data, follow=True)
    assert response.status_code == 200
    job = RelinkJob.objects.get()
    assert job.status == RelinkStatus.DONE and "European Sky Shield Initiative" in job.reason
    assert Mention.objects.filter(article=article, entity__slug="essi").exists()
    page = parse_html(admin_client.get("/admin/knowledge/relinkjob/"))
    assert page.css_first("progress").attributes["value"] == "100"


def test_ambiguous_names_are_listed_with_their_candidates(admin_client):
    EntityFactory(name="Georgia", type="country")
    EntityFactory(name="Georgia (U.S. state)", type="place", aliases=["Georgia"])
    ArticleFactory(title="Votes", body="Georgia votes.")
    assert AmbiguousMention.objects.count() == 1
    page = parse_html(admin_client.get("/admin/knowledge/ambiguousmention/"))
    row = page.css_first("#result_list tbody tr").text()
    assert "Georgia" in row and "Georgia (U.S. state)" in row and " or " in row


def test_export_and_import_from_the_admin(admin_client, django_capture_on_commit_callbacks):
    EntityFactory(name="Frontex", type="organisation", aliases=["EBCGA"])
    exported = admin_client.get("/admin/knowledge/entity/export/yaml/")
    assert exported["Content-Type"].startswith("application/yaml")
    Entity.objects.all().delete()
    upload = SimpleUploadedFile("kb.yaml", exported.content)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/knowledge/entity/import/", {"file": upload})
    assert response.status_code == 302
    assert Entity.objects.get(name="Frontex").aliases.get().text == "EBCGA"


def test_a_bad_import_file_saves_nothing_and_says_why(admin_client):
    upload = SimpleUploadedFile("kb.csv", b"name,type\nA thing,weapon\n")
    page = parse_html(admin_client.post("/admin/knowledge/entity/import/", {"file": upload}))
    assert "Nothing was imported" in page.text() and "type 'weapon'" in page.text()
    assert not Entity.objects.exists()


def test_suggestions_page_refreshes_and_creates_an_entity_in_one_click(
    admin_client, django_capture_on_commit_callbacks
):
    ArticleFactory(title="Drills", body="The Joint Expeditionary Force trained.")
    ArticleFactory(title="Drills again", body="The Joint Expeditionary Force sailed.")
    admin_client.post("/admin/knowledge/entitysuggestion/refresh/")
    page = parse_html(admin_client.get("/admin/knowledge/entitysuggestion/"))
    button = page.css_first("button[formaction]")
    assert button is not None
    suggestion = EntitySuggestion.objects.get(name="Joint Expeditionary Force")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(button.attributes["formaction"], {"suggestion": suggestion.pk})
    entity = Entity.objects.get(name="Joint Expeditionary Force")
    assert response.url == f"/admin/knowledge/entity/{entity.pk}/change/"
    assert entity.mentions.count() == 2


def test_the_hub_page_in_the_admin_shows_reasons_rules_and_the_composed_intro(admin_client):
    key = EntityFactory(name="Baltic Sentry", definition="A NATO operation guarding cables.")
    ArticleFactory(title="Baltic Sentry at sea", body="Baltic Sentry patrols.")
    hub = HubFactory(key_entities=[key], intro="")
    page = parse_html(admin_client.get(f"/admin/hubs/hub/{hub.pk}/change/"))
    text = page.text()
    assert "about Baltic Sentry (title, 2 mentions)" in text
    assert "composed intro" in text.lower() and "nato operation guarding cables" in text.lower()
    assert page.css_first("select[name=rule_mode]") is not None
    assert page.css_first("input[name=min_salience]") is not None


def test_the_composed_intro_becomes_an_editable_draft(admin_client):
    key = EntityFactory(name="Baltic Sentry", definition="A NATO operation guarding cables.")
    empty = HubFactory(key_entities=[key], intro="")
    written = HubFactory(key_entities=[key], intro="Our own words.")
    admin_client.post(
        "/admin/hubs/hub/",
        {"action": "intro_draft_from_composed", "_selected_action": [empty.pk, written.pk]},
    )
    empty.refresh_from_db()
    written.refresh_from_db()
    assert "NATO operation guarding cables" in empty.intro and empty.intro_html
    assert written.intro == "Our own words."


def test_changing_a_hubs_rule_in_the_admin_recollects_it(admin_client):
    key = EntityFactory(name="Baltic Sentry")
    filler = "Budgets, weather and the calendar. " * 30
    ArticleFactory(title="Budget", body=f"{filler}\n\nBaltic Sentry, in passing.")
    hub = HubFactory(key_entities=[key], slug="sentry")
    assert hub.memberships.count() == 0
    data = {
        "name": hub.name,
        "headline": hub.headline,
        "slug": "sentry",
        "status": "published",
        "intro": "",
        "collect_mentions": "on",
        "rule_mode": "any",
        "min_salience": "0",
        "published_from": "",
        "published_until": "",
        "key_links-TOTAL_FORMS": "1",
        "key_links-INITIAL_FORMS": "1",
        "key_links-0-id": hub.key_links.get().pk,
        "key_links-0-hub": hub.pk,
        "key_links-0-entity": key.pk,
        "key_links-0-position": "0",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/admin/hubs/hub/{hub.pk}/change/", data)
    assert response.status_code == 302, parse_html(response).css_first(".errornote")
    assert Hub.objects.get(pk=hub.pk).memberships.count() == 1
    # Collecting by entity off (as for an imported category): only filed articles count.
    del data["collect_mentions"]
    data["key_links-0-id"] = hub.key_links.get().pk  # the key rows were written anew
    response = admin_client.post(f"/admin/hubs/hub/{hub.pk}/change/", data)
    assert response.status_code == 302, parse_html(response).css_first(".errornote")
    assert not Hub.objects.get(pk=hub.pk).collect_mentions
    assert Hub.objects.get(pk=hub.pk).memberships.count() == 0


def test_cues_are_edited_on_the_alias_and_the_article_page_says_why_it_was_linked(
    admin_client, django_capture_on_commit_callbacks
):
    from dossiers.knowledge.services import AliasInput

    EntityFactory(
        name="Jordan",
        type="country",
        aliases=[AliasInput("Jordan", case_sensitive=True, cues_against="_ River")],
    )
    person = EntityFactory(name="Jordan Bardella", type="person")
    page = parse_html(admin_client.get(f"/admin/knowledge/entity/{person.pk}/change/"))
    assert page.css_first("input[name=aliases-0-cues_for]") is not None
    assert page.css_first("input[name=aliases-0-cues_against]") is not None
    assert page.css_first("input[name=match_name]") is not None
    article = ArticleFactory(
        title="A rally", body="Jordan Bardella spoke.\n\nLater Jordan said more."
    )
    page = parse_html(admin_client.get(f"/admin/publishing/article/{article.pk}/change/"))
    text = page.body.text()
    assert "linked entities" in text.lower()
    assert "“Jordan”: the person, named in full in paragraph 1 (“Jordan Bardella”)" in text
    assert not Mention.objects.filter(article=article, entity__name="Jordan").exists()

"""The index follows the content, after commit: publish, edit, unpublish, delete, schedule,
bulk imports, the demo site."""

import datetime as dt
import logging

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from dossiers.importers import items
from dossiers.importers.loader import LoadOptions, load
from dossiers.pipeline import services as pipeline
from dossiers.pipeline.services import article_delete, article_save
from dossiers.publishing.models import ArticleStatus
from dossiers.publishing.services import ArticleDraft, article_create_many
from dossiers.search.indexing import index_catch_up, stale_article_ids
from dossiers.search.models import SearchDocument
from dossiers.search.selectors import search_run
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def titles(query, **filters):
    return [hit.card.title for hit in search_run(query=query, **filters).hits]


def test_a_published_article_is_findable_once_its_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        ArticleFactory(title="Hypersonic claims outrun sensors", body="Glide vehicles.")
    assert titles("hypersonic") == []  # not before commit
    for callback in callbacks:
        callback()
    assert titles("hypersonic") == ["Hypersonic claims outrun sensors"]
    assert titles("glide vehicle") == ["Hypersonic claims outrun sensors"]


def test_an_edit_brings_new_words_in_and_old_words_out(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(title="Frigate orders", body="Frigates for the navy.")
    with django_capture_on_commit_callbacks(execute=True):
        article_save(
            article=article,
            title="Corvette orders",
            body="Corvettes instead.",
            authors=list(article.authors.all()),
            status=ArticleStatus.PUBLISHED,
            published_at=article.published_at,
        )
    assert titles("frigates") == []
    assert titles("corvettes") == ["Corvette orders"]


def test_unpublishing_and_deleting_take_an_article_out(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kept = ArticleFactory(title="Mine hunters one", body="Mine countermeasures.")
        draft = ArticleFactory(title="Mine hunters two", body="Mine countermeasures.")
    with django_capture_on_commit_callbacks(execute=True):
        article_save(
            article=draft,
            title=draft.title,
            body=draft.body,
            authors=list(draft.authors.all()),
            status=ArticleStatus.DRAFT,
        )
    assert titles("countermeasures") == ["Mine hunters one"]
    with django_capture_on_commit_callbacks(execute=True):
        article_delete(article=kept)
    assert titles("countermeasures") == []
    assert SearchDocument.objects.count() == 0


def test_a_draft_is_never_indexed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(title="Unfinished thoughts", status=ArticleStatus.DRAFT, published_at=None)
    assert titles("unfinished") == [] and SearchDocument.objects.count() == 0


def test_a_scheduled_article_is_found_only_once_due(django_capture_on_commit_callbacks):
    due = timezone.now() + dt.timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(title="Northern sea route barometer", published_at=due)
    assert SearchDocument.objects.count() == 1  # indexed at once, with its date
    assert titles("barometer") == []
    with time_machine.travel(due + dt.timedelta(seconds=1)):
        assert titles("barometer") == ["Northern sea route barometer"]


def test_one_transaction_of_many_writes_syncs_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for n in range(5):
            ArticleFactory(title=f"Convoy {n}", body="Escort duty.")
    for callback in callbacks:
        callback()  # the first sync takes all five; the others find nothing left
    assert len(titles("escort")) == 5


def test_a_bulk_import_becomes_searchable(django_capture_on_commit_callbacks):
    posts = [
        items.Post(
            guid=f"post-{n}",
            title=f"Imported analysis {n}",
            body=f"Shipyard capacity {n}.",
            status="published",
            published_at=timezone.now() - dt.timedelta(days=n + 1),
            authors=("ed",),
        )
        for n in range(4)
    ]
    records = [items.Source(key="test"), items.Person(key="ed", name="Ed Itor"), *posts]
    with django_capture_on_commit_callbacks(execute=True):
        # relink_threshold=0: the bulk path (article_create_many, then archive_relink),
        # which sends no per-article signal.
        load(records, options=LoadOptions(relink_threshold=0))
    assert len(titles("shipyard")) == 4


def test_the_bulk_services_without_a_relink_are_caught_up(django_capture_on_commit_callbacks):
    author = AuthorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article_create_many(
            drafts=[
                ArticleDraft(
                    title="Baltic sentry",
                    body="Seabed cables.",
                    authors=(author,),
                    slug="baltic-sentry",
                    status=ArticleStatus.PUBLISHED,
                    published_at=timezone.now() - dt.timedelta(days=1),
                )
            ]
        )
    assert titles("seabed") == []  # no signal: the catch-up (or a rebuild) finds it
    assert stale_article_ids() != set()
    assert index_catch_up() == 1
    assert titles("seabed") == ["Baltic sentry"]
    assert stale_article_ids() == set()


def test_the_catch_up_finds_stale_and_orphaned_entries(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(title="Quad awareness", body="Maritime awareness.")
    SearchDocument.objects.filter(article=article).update(
        source_updated_at=article.updated_at - dt.timedelta(days=1)
    )
    assert stale_article_ids() == {article.pk}
    index_catch_up()
    assert stale_article_ids() == set()
    assert titles("awareness") == ["Quad awareness"]


def test_a_failing_index_never_breaks_the_committed_write(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(**kwargs):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr("dossiers.pipeline.services.index_sync", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(title="Still saved")
    assert article.pk and "index unavailable" in caplog.text
    pipeline._pending.ids = set()


def test_the_demo_site_is_searchable_and_alias_aware(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", verbosity=0)
    outcome = search_run(query="strategic autonomy")
    assert outcome.entities and outcome.entities[0].slug == "eu-defense-integration"
    assert outcome.entities[0].hubs
    # Found by the entity's other names, not only the words typed.
    bodies = [hit.snippet_html.lower() for hit in outcome.hits]
    assert any(
        "strategic autonomy" not in body.replace("<mark>", "").replace("</mark>", "")
        for body in bodies
    )
    assert outcome.total >= 3

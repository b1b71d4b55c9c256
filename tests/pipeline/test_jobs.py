"""Re-linking in the background: queued by any change to the knowledge base, on every path."""

import pytest

from dossiers.knowledge.models import ArticleLinkState, Mention, RelinkJob, RelinkStatus
from dossiers.knowledge.services import AliasInput, entity_save
from dossiers.pipeline.jobs import relink_job_run, relink_request
from tests.factories import ArticleFactory, EntityFactory

pytestmark = pytest.mark.django_db


def test_a_relink_job_runs_in_the_background_and_records_its_progress(
    django_capture_on_commit_callbacks,
):
    entity = EntityFactory(name="Baltic Sentry")
    article = ArticleFactory(title="Baltic Sentry at sea", body="")
    Mention.objects.all().delete()
    ArticleLinkState.objects.all().delete()  # as if never linked
    with django_capture_on_commit_callbacks(execute=True):
        job = relink_request(reason="test")
    job.refresh_from_db()
    assert job.status == RelinkStatus.DONE and job.done == job.total == 1 and job.percent == 100
    assert Mention.objects.filter(entity=entity, article=article).exists()


def test_a_queued_job_is_skipped_when_a_later_one_is_waiting():
    first = RelinkJob.objects.create(reason="first")
    later = RelinkJob.objects.create(reason="later")
    assert relink_job_run(job_id=first.pk) == 0
    first.refresh_from_db()
    assert first.status == RelinkStatus.DONE and f"#{later.pk}" in first.message


def test_a_knowledge_base_change_queues_one_relink_once_it_commits(
    django_capture_on_commit_callbacks,
):
    article = ArticleFactory(title="Strategic autonomy and the Baltic", body="")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entity = entity_save(
            name="EU defense integration",
            type="concept",
            aliases=[AliasInput("strategic autonomy")],
        )
        entity_save(
            entity=entity,
            name=entity.name,
            type="concept",
            aliases=[AliasInput("strategic autonomy"), AliasInput("EDI")],
        )
    assert not RelinkJob.objects.exists()  # nothing before the commit
    assert not Mention.objects.filter(entity=entity).exists()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    job = RelinkJob.objects.get()  # two saves, one job
    assert job.status == RelinkStatus.DONE
    assert Mention.objects.filter(entity=entity, article=article).exists()


def test_a_rolled_back_change_queues_nothing(django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                entity_save(name="Short-lived", type="concept")
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert not RelinkJob.objects.exists()

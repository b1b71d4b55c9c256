import shutil

import pytest
from django.core.management import call_command
from django.db.models import Count

from dossiers.comments.models import Comment
from dossiers.demo.loader import CONTENT_DIR, DemoContentError, load_demo
from dossiers.hubs.models import Hub, HubMembership
from dossiers.knowledge.models import Alias, Entity
from dossiers.publishing.models import Article, Author

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "authors": Author.objects.count(),
        "entities": Entity.objects.count(),
        "aliases": Alias.objects.count(),
        "articles": Article.objects.count(),
        "hubs": Hub.objects.count(),
        "memberships": HubMembership.objects.count(),
        "comments": Comment.objects.count(),
    }


def test_the_demo_site_has_what_the_foundation_promises():
    load_demo()
    assert Hub.objects.filter(status="published").count() >= 8
    assert Author.objects.count() >= 6
    assert Entity.objects.count() >= 60
    assert Entity.objects.filter(aliases__isnull=False).distinct().count() >= 50
    articles = list(Article.objects.all())
    assert len(articles) >= 40
    assert all(150 <= a.word_count <= 500 for a in articles), [
        (a.slug, a.word_count) for a in articles if not 150 <= a.word_count <= 500
    ]
    dates = [a.published_at for a in articles]
    assert (max(dates) - min(dates)).days >= 600
    assert Article.objects.filter(status="draft").exists()
    assert any(a.is_scheduled for a in articles)
    assert Comment.objects.count() >= 50
    assert Comment.objects.filter(parent__isnull=False).count() >= 10
    assert Comment.objects.filter(status="pending").exists()
    # every hub collects something, and the seed's hub has its key entities in order
    assert not Hub.objects.annotate(n=Count("memberships")).filter(n=0).exists()
    seed = Hub.objects.get(slug="turkey-nato")
    keys = [link.entity.name for link in seed.key_links.select_related("entity")]
    assert keys[:3] == ["Turkey NATO", "EU defense integration", "defense sovereignty"]
    aliases = set(
        Alias.objects.filter(entity__slug="eu-defense-integration").values_list("text", flat=True)
    )
    assert "strategic autonomy" in aliases


def test_loading_twice_changes_nothing():
    load_demo()
    first = snapshot()
    load_demo()
    assert snapshot() == first


def test_the_command_loads_only_into_an_empty_database_when_asked(capsys):
    call_command("demo", "--if-empty")
    first = snapshot()
    call_command("demo", "--if-empty")
    assert "already has content" in capsys.readouterr().out
    assert snapshot() == first


def test_broken_content_names_the_file_and_changes_nothing(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    victim = sorted((content / "articles").glob("*.md"))[-1]
    victim.write_text(victim.read_text().replace("authors: [", "authors: [nobody-at-all, ", 1))
    with pytest.raises(
        DemoContentError, match=rf"articles/{victim.name}: unknown author 'nobody-at-all'"
    ):
        load_demo(content)
    assert snapshot() == dict.fromkeys(snapshot(), 0)

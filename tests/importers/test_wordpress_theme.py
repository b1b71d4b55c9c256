"""The WordPress theme unit test export, imported into an empty site: the counts the issue
names, a browsable site and the old addresses answering 301."""

import datetime as dt

import pytest
from django.utils import timezone

from dossiers.comments.models import Comment, CommentKind, CommentStatus
from dossiers.hubs.models import Hub
from dossiers.hubs.services import hub_save
from dossiers.importers import items, wordpress
from dossiers.importers.loader import LoadOptions, load
from dossiers.importers.models import ImportedObject
from dossiers.knowledge.linking import knowledge_terms
from dossiers.knowledge.models import Entity, EntityType, Filing, Mention
from dossiers.knowledge.selectors import glossary
from dossiers.publishing.models import Article, ArticleStatus, Author
from tests.conftest import FIXTURES, kept_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _theme(django_db_setup, django_db_blocker):
    if not FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {FIXTURES} (CI always has them)")
    path = FIXTURES / "wxr" / "themeunittestdata.wordpress.xml"
    with kept_for_the_module(django_db_blocker):
        yield path, load(wordpress.read(path))


@pytest.fixture
def theme(_theme, db):
    """The theme unit test imported once for the module (each test rolls back its changes)."""
    return _theme


def test_posts_authors_statuses_hubs_entities_comments_and_content(theme):
    _posts_authors_and_statuses(theme)
    _categories_become_hubs_and_tags_entities(theme)
    _comments_threads_moderation_and_pingbacks(theme)
    _content_is_clean_html_with_images_kept_as_links(theme)


def _posts_authors_and_statuses(theme):
    _path, report = theme
    visible = Article.objects.visible()
    assert visible.count() == 55
    assert Article.objects.filter(status=ArticleStatus.DRAFT).count() == 1
    draft = Article.objects.get(status=ArticleStatus.DRAFT)
    assert draft.title == "Draft" and draft.published_at is None
    scheduled = Article.objects.get(title="Scheduled")
    assert scheduled.status == ArticleStatus.PUBLISHED and scheduled.is_scheduled
    assert scheduled.published_at.year == 2030
    assert not Article.objects.filter(title__startswith="Template: Password Protected").exists()
    assert report.labels("skipped", "post") == [
        'Template: Password Protected (the password is "enter")'
    ]
    assert any("password-protected" in o.reason for o in report.outcomes if o.kind == "post")
    assert sorted(Author.objects.values_list("name", flat=True)) == [
        "Theme Buster",
        "Theme Reviewer",
    ]


def _categories_become_hubs_and_tags_entities(theme):
    categories = ImportedObject.objects.filter(kind="hub", guid__startswith="category:")
    assert categories.count() == 68
    assert Hub.objects.count() == 68
    tags = ImportedObject.objects.filter(kind="entity", guid__startswith="tag:")
    assert tags.values("guid").distinct().count() >= 110
    declared = {
        f"tag:{t.key}"
        for t in wordpress.read(theme[0])
        if isinstance(t, items.Term) and t.taxonomy == "tag"
    }
    assert len(declared) == 110
    assert declared <= set(tags.values_list("guid", flat=True))
    block = Hub.objects.get(name="Block")
    assert block.intro == "Items in the block category have been created with the block editor."
    # A parent category's hub also collects its children's posts.
    parent = Hub.objects.get(name="Parent Category")
    assert {e.name for e in parent.key_entities.all()} >= {"Parent Category", "Child Category 01"}
    _common_words_are_labels_and_hubs_hold_what_was_filed(theme)


def _common_words_are_labels_and_hubs_hold_what_was_filed(theme):
    _path, report = theme
    labels = set(report.labels("created", "label"))
    # The counts docs/editors.md quotes.
    assert (report.count("created", "label"), report.count("created", "entity")) == (36, 139)
    assert {"is", "text", "post", "more", "link", "Tag A", "8BIT"} - labels == {"8BIT"}
    assert {"8BIT", "Mothership", "hapless"} <= set(report.labels("created", "entity"))
    assert any(
        o.kind == "label" and o.reason == "fewer than 3 letters: filed under, not linked in text"
        for o in report.outcomes
    )
    for name in ("is", "text", "post"):
        assert Entity.objects.get(name=name).type == EntityType.LABEL
        # Only the posts filed under the tag carry it (count 0: not found in the text).
        assert not Mention.objects.filter(entity__name=name, count__gt=0).exists()
    terms = {term.text for term in knowledge_terms()}
    assert not {"is", "text", "post"} & terms and "Mothership" in terms
    explained = {term.entity.name for group in glossary().values() for term in group}
    assert "post" not in explained and "Mothership" in explained
    # Category hubs hold what was filed under the category or its children, nothing else.
    for hub in Hub.objects.all():
        keys = set(hub.key_entities.values_list("pk", flat=True))
        filed = set(Filing.objects.filter(entity__in=keys).values_list("article_id", flat=True))
        members = set(hub.memberships.values_list("article_id", flat=True))
        assert members == filed, hub.name
    markup = Hub.objects.get(name="Markup").memberships.first()
    assert markup.reason.startswith("filed under Markup") and markup.reason.endswith("WordPress")


def _comments_threads_moderation_and_pingbacks(theme):
    article = Article.objects.get(title="Template: Comments")
    comments = Comment.objects.filter(article=article, kind=CommentKind.COMMENT)
    approved = comments.filter(status=CommentStatus.APPROVED)
    assert approved.count() == 19
    assert approved.filter(parent__isnull=False).count() == 9
    for reply in approved.filter(parent__isnull=False):
        assert reply.parent.article_id == article.pk
        assert reply.depth == reply.parent.depth + 1
    assert comments.filter(status=CommentStatus.PENDING).count() == 1
    article.refresh_from_db()
    assert article.comment_count == 19
    pings = Article.objects.get(title="Template: Pingbacks And Trackbacks")
    kinds = sorted(pings.comments.values_list("kind", flat=True))
    assert kinds == ["comment", "pingback", "pingback", "trackback", "trackback"]
    assert pings.comment_count == 1  # pingbacks and trackbacks are not comments


def test_the_modified_date_is_kept_as_the_articles_updated_at(theme):
    """wp:post_modified_gmt becomes updated_at (dateModified, the sitemap's lastmod)."""
    article = Article.objects.get(slug="wp-6-1-font-size-scale")
    assert article.published_at.isoformat() == "2023-01-16T07:08:31+00:00"
    assert article.updated_at.isoformat() == "2023-01-16T07:16:52+00:00"
    scheduled = Article.objects.get(title="Scheduled")  # modified before its 2030 date: now
    assert scheduled.created_at - dt.timedelta(minutes=5) < scheduled.updated_at < timezone.now()
    last_year = timezone.now() - dt.timedelta(days=365)
    # The seven posts of the export that carry the element; the others were imported now.
    assert Article.objects.filter(updated_at__lt=last_year).count() == 7


def test_the_imported_site_is_browsable_and_old_addresses_answer_301(client, theme):
    _browsable(client, theme)
    _old_wordpress_addresses_answer_301(client, theme)


def _browsable(client, theme):
    article = Article.objects.get(title="Template: Comments")
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    for hub in Hub.objects.all()[:10]:
        assert client.get(hub.get_absolute_url()).status_code == 200
    markup = Hub.objects.get(name="Markup")
    assert Filing.objects.filter(entity__in=markup.key_entities.all()).exists()
    hub = client.get(markup.get_absolute_url()).content.decode()
    assert "Markup: HTML Tags and Formatting" in hub
    assert client.get("/").status_code == 200
    assert client.get("/rss.xml").status_code == 200


def _old_wordpress_addresses_answer_301(client, theme):
    article = Article.objects.get(title="Template: Comments")
    by_id = client.get("/?p=1148")
    assert by_id.status_code == 301 and by_id["Location"] == article.get_absolute_url()
    dated = client.get("/2012/01/03/template-comments/")
    assert dated.status_code == 301 and dated["Location"] == article.get_absolute_url()
    category = client.get("/category/markup/")
    assert category.status_code == 301
    assert category["Location"] == Hub.objects.get(name="Markup").get_absolute_url()
    assert client.get("/author/themedemos/").status_code == 301
    assert client.get("/feed/")["Location"] == "/rss.xml"
    # The home page itself is untouched, and an unknown id is a plain home page.
    assert client.get("/").status_code == 200
    assert client.get("/?p=99999999").status_code == 200
    assert client.get("/2099/01/01/nothing-here/").status_code == 404
    assert client.get("/2012/01/03/%00/").status_code == 404
    assert client.get("/?p=%00").status_code == 200


def test_re_running_updates_by_guid_without_duplicates(theme):
    path, _first = theme
    counts = (Article.objects.count(), Comment.objects.count(), Hub.objects.count())
    again = load(wordpress.read(path))
    assert (Article.objects.count(), Comment.objects.count(), Hub.objects.count()) == counts
    assert again.count("created") == 0
    assert again.count("skipped", "article") == 57


def _content_is_clean_html_with_images_kept_as_links(theme):
    blocks = Article.objects.get(title="Block: Image")
    assert "<!-- wp:" not in blocks.body
    assert "<img" in blocks.body_html and "https://" in blocks.body_html
    caption = Article.objects.get(title="Markup: Image Alignment")
    assert "<figure>" in caption.body_html and "[caption" not in caption.body_html
    for article in Article.objects.all():
        assert "<script" not in article.body_html
        assert "[/caption]" not in article.body_html


def test_the_sticky_post_stays_at_the_top_of_the_home_page(theme, client):
    from tests.conftest import parse_html

    sticky = Article.objects.get(sticky=True)
    assert sticky.title == "Template: Sticky"
    home = parse_html(client.get("/"))
    first = home.css_first(".home-latest .card")
    assert first.css_first(".card-title a").text() == "Template: Sticky"
    assert first.css_first(".badge") is not None


def test_tags_as_hubs_collect_the_articles_filed_under_them_unless_an_editor_says_otherwise(theme):
    path, _report = theme
    report = load(wordpress.read(path), options=LoadOptions(tags_as="hubs"))
    assert report.count("created", "hub") == 110
    for guid, pk in ImportedObject.objects.filter(kind="hub", guid__startswith="tag:").values_list(
        "guid", "object_id"
    ):
        hub = Hub.objects.get(pk=pk)
        assert not hub.collect_mentions and hub.imported_from == "WordPress"
        filed = set(
            Filing.objects.filter(entity__in=hub.key_entities.all()).values_list(
                "article_id", flat=True
            )
        )
        members = dict(hub.memberships.values_list("article_id", "reason"))
        # "is" and "text" were linked in the prose of a dozen posts; no post is filed
        # under them, so their hubs are empty.
        assert set(members) == filed, guid
        assert set(members.values()) <= {f"filed under {hub.name} in WordPress"}
    assert Hub.objects.get(name="Codex").memberships.count() == 4
    assert not Hub.objects.get(name="is").memberships.exists()
    # The editor turns on collecting by entity: articles whose text is about it join.
    hub = Hub.objects.get(name="WordPress")
    filed = set(hub.memberships.values_list("article_id", flat=True))
    hub_save(
        hub=hub,
        name=hub.name,
        status=hub.status,
        key_entities=list(hub.key_entities.all()),
        collect_mentions=True,
    )
    hub.refresh_from_db()
    about = set(
        Mention.objects.filter(
            entity__in=hub.key_entities.all(), salience__gte=hub.min_salience
        ).values_list("article_id", flat=True)
    )
    assert hub.collect_mentions
    assert set(hub.memberships.values_list("article_id", flat=True)) == about > filed

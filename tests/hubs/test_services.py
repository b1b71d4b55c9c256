import pytest
from django.core.exceptions import ValidationError

from dossiers.hubs.models import HubMembership
from dossiers.hubs.services import hub_save
from dossiers.pipeline.services import article_save
from tests.factories import ArticleFactory, EntityFactory, HubFactory

pytestmark = pytest.mark.django_db


def members(hub):
    return set(HubMembership.objects.filter(hub=hub).values_list("article__title", flat=True))


@pytest.fixture
def kb():
    return {
        "turkey_nato": EntityFactory(name="Turkey NATO", aliases=["NATO's southern anchor"]),
        "autonomy": EntityFactory(name="EU defense integration", aliases=["strategic autonomy"]),
        "other": EntityFactory(name="Arctic"),
    }


def test_a_hub_collects_articles_mentioning_its_key_entities_by_name_or_alias(kb):
    ArticleFactory(title="The southern flank", body="Seen as NATO’s southern anchor for decades.")
    ArticleFactory(title="Brussels builds", body="Europe wants strategic autonomy.")
    ArticleFactory(title="Ice", body="The Arctic melts.")
    hub = HubFactory(key_entities=[kb["turkey_nato"], kb["autonomy"]])
    assert members(hub) == {"The southern flank", "Brussels builds"}
    reasons = dict(HubMembership.objects.filter(hub=hub).values_list("article__title", "reason"))
    # A single mention in a one-sentence body is the lead: the article is about it.
    assert reasons["The southern flank"] == "about Turkey NATO (lead)"


def test_a_passing_mention_deep_in_the_body_does_not_put_an_article_on_a_hub(kb):
    filler = "Analysts weigh the budget, the weather and the calendar. " * 30
    ArticleFactory(title="Budget day", body=f"{filler}\n\nIn passing: strategic autonomy.")
    ArticleFactory(title="Autonomy first", body="Strategic autonomy, again strategic autonomy.")
    hub = HubFactory(key_entities=[kb["autonomy"]])
    assert members(hub) == {"Autonomy first"}
    # An editor can lower the bar to every mention.
    hub_save(
        hub=hub,
        name=hub.name,
        status="published",
        key_entities=[kb["autonomy"]],
        min_salience=0.0,
    )
    assert members(hub) == {"Autonomy first", "Budget day"}


def test_an_all_rule_needs_every_key_entity(kb):
    ArticleFactory(title="Turkey NATO and strategic autonomy", body="")
    ArticleFactory(title="Turkey NATO alone", body="")
    hub = HubFactory(key_entities=[kb["turkey_nato"], kb["autonomy"]], rule_mode="all")
    assert members(hub) == {"Turkey NATO and strategic autonomy"}


def test_a_date_range_limits_what_a_hub_collects(kb):
    import datetime as dt

    from django.utils import timezone

    old = timezone.now() - dt.timedelta(days=400)
    ArticleFactory(title="Turkey NATO then", body="", published_at=old)
    ArticleFactory(title="Turkey NATO now", body="")
    since = timezone.localdate() - dt.timedelta(days=30)
    hub = HubFactory(key_entities=[kb["turkey_nato"]], published_from=since)
    assert members(hub) == {"Turkey NATO now"}
    with pytest.raises(ValidationError):
        HubFactory(
            key_entities=[kb["turkey_nato"]],
            published_from=since,
            published_until=since - dt.timedelta(days=1),
        )


def test_new_and_edited_articles_join_and_leave_hubs_at_once(kb):
    hub = HubFactory(key_entities=[kb["turkey_nato"]])
    article = ArticleFactory(title="Turkey NATO ties", body="")
    assert members(hub) == {"Turkey NATO ties"}
    article_save(
        article=article,
        title="Something else",
        body="",
        authors=list(article.authors.all()),
        status=article.status,
        published_at=article.published_at,
    )
    assert members(hub) == set()


def test_pins_and_exclusions(kb):
    pinned = ArticleFactory(title="Pinned piece", body="No key entity here.")
    excluded = ArticleFactory(title="Turkey NATO but off-hub", body="")
    hub = HubFactory(key_entities=[kb["turkey_nato"]], pinned=[pinned], excluded=[excluded])
    rows = {
        m.article.title: m for m in HubMembership.objects.filter(hub=hub).select_related("article")
    }
    assert set(rows) == {"Pinned piece"}
    assert rows["Pinned piece"].is_pinned and rows["Pinned piece"].reason == "pinned by an editor"
    # an exclusion survives an edit of the article
    article_save(
        article=excluded,
        title=excluded.title + " again",
        body="",
        authors=list(excluded.authors.all()),
        status=excluded.status,
        published_at=excluded.published_at,
    )
    assert "Turkey NATO but off-hub again" not in members(hub)


def test_an_article_cannot_be_pinned_and_excluded(kb):
    article = ArticleFactory()
    with pytest.raises(ValidationError):
        hub_save(
            name="Bad", status="published", key_entities=[], pinned=[article], excluded=[article]
        )


def test_selectors_give_the_api_each_membership_with_its_reason(kb):
    from dossiers.hubs.selectors import article_memberships, hub_memberships

    pinned = ArticleFactory(title="Pinned piece", body="Nothing relevant.")
    about = ArticleFactory(title="Turkey NATO today", body="")
    hub = HubFactory(key_entities=[kb["turkey_nato"]], pinned=[pinned])
    rows = hub_memberships(hub=hub)
    assert [(r.article_title, r.is_pinned, r.reason) for r in rows] == [
        ("Pinned piece", True, "pinned by an editor"),
        ("Turkey NATO today", False, "about Turkey NATO (title)"),
    ]
    (row,) = article_memberships(article_id=about.pk)
    assert (row.hub_slug, row.reason) == (hub.slug, "about Turkey NATO (title)")

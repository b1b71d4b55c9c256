"""Every resource of the read API: its shape, and what it must never show."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(client, path, status=200, **params):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def slugs(page):
    return [item["slug"] for item in page["results"]]


def test_the_index_links_every_list_the_schema_and_the_docs(client, newsroom):
    index = get(client, "/")
    assert index["hubs"] == "http://testserver/api/v1/hubs"
    assert index["docs"] == "http://testserver/api/v1/docs"
    assert index["page_size"] == {"default": 20, "max": 100}


# --- Hubs -----------------------------------------------------------------------------


def test_hub_list_shows_published_hubs_by_name_with_visible_article_counts(client, newsroom):
    page = get(client, "/hubs")
    assert slugs(page) == ["baltic-watch", "turkey-nato"]  # the draft hub is not there
    hub = page["results"][1]
    assert hub == {
        "name": "Turkey NATO",
        "headline": "Alliance tensions",
        "slug": "turkey-nato",
        "url": "http://testserver/topics/turkey-nato/",
        "article_count": 3,  # not the draft, not the scheduled one
    }


def test_hub_detail_has_intro_key_entities_in_order_and_date_span(client, newsroom):
    hub = get(client, "/hubs/turkey-nato")
    assert hub["intro_html"] == "<p>The <strong>hub</strong> intro.</p>\n"
    assert [e["slug"] for e in hub["key_entities"]] == ["turkey", "nato"]
    turkey = hub["key_entities"][0]
    assert turkey["aliases"] == ["Türkiye", "Republic of Turkey"]
    assert turkey["definition"] == "A NATO member astride the Straits."
    assert turkey["same_as"] == ["https://www.wikidata.org/wiki/Q43"]
    assert turkey["url"] == "http://testserver/entities/turkey/"
    assert hub["article_count"] == 3
    assert hub["first_published"] == "2025-03-10T10:00:00Z"
    assert hub["last_published"] == "2025-04-01T10:00:00Z"
    assert {c["name"] for c in hub["also_covers"]} <= {"Baltic states"}


def test_a_hub_without_intro_gets_the_composed_one(client, newsroom):
    hub = get(client, "/hubs/baltic-watch")
    assert "Baltic states" in hub["intro_html"]


def test_a_draft_hub_is_not_found(client, newsroom):
    assert get(client, "/hubs/secret-hub", 404) == {
        "detail": "No published hub has the slug 'secret-hub'."
    }
    get(client, "/hubs/secret-hub/articles", 404)


def test_hub_articles_are_pinned_first_then_newest_each_with_its_reason(client, newsroom):
    page = get(client, "/hubs/turkey-nato/articles")
    assert slugs(page) == ["northern-flank", "turkeys-drones", "after-the-vote"]
    pinned, drones, vote = page["results"]
    assert pinned["pinned"] is True and "pinned" in pinned["reason"].lower()
    assert drones["pinned"] is False and "Turkey" in drones["reason"]
    assert vote["authors"] == [
        {
            "name": "Mira Kovač",
            "slug": "mira-kovac",
            "url": "http://testserver/authors/mira-kovac/",
        },
        {
            "name": "Daniel Okafor",
            "slug": "daniel-okafor",
            "url": "http://testserver/authors/daniel-okafor/",
        },
    ]
    # Approved comments, as on the site (the approved reply to a held comment counts, the
    # pingback does not).
    assert vote["comment_count"] == 4


# --- Articles -------------------------------------------------------------------------


def test_article_list_is_newest_first_and_only_published_and_due(client, newsroom):
    page = get(client, "/articles")
    assert slugs(page) == ["northern-flank", "turkeys-drones", "after-the-vote"]
    assert page["results"][0]["published_at"] == "2025-04-01T10:00:00Z"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"hub": "turkey-nato"}, ["northern-flank", "turkeys-drones", "after-the-vote"]),
        ({"hub": "baltic-watch"}, ["northern-flank"]),
        ({"author": "daniel-okafor"}, ["northern-flank", "after-the-vote"]),
        ({"author": "zoe-unpublished"}, []),
        ({"entity": "baltic-states"}, ["northern-flank", "after-the-vote"]),
        ({"entity": "nato", "author": "mira-kovac"}, ["after-the-vote"]),
        ({"date_from": "2025-03-11"}, ["northern-flank", "turkeys-drones"]),
        ({"date_to": "2025-03-12"}, ["turkeys-drones", "after-the-vote"]),
        ({"date_from": "2025-03-10", "date_to": "2025-03-10"}, ["after-the-vote"]),
        ({"date_from": "2025-04-02", "date_to": "2025-03-01"}, []),  # ends before it starts
        (
            {"date_from": "0001-01-01", "date_to": "9999-12-31"},
            ["northern-flank", "turkeys-drones", "after-the-vote"],
        ),
        ({"date_from": "9999-12-31"}, []),
        ({"date_to": "0001-01-01"}, []),
    ],
)
def test_article_list_filters(client, newsroom, params, expected):
    assert slugs(get(client, "/articles", **params)) == expected


def test_date_filters_count_days_in_the_sites_time_zone(client, newsroom, settings):
    # Published 2025-03-12 22:30 UTC: the 13th in Istanbul.
    assert "turkeys-drones" not in slugs(get(client, "/articles", date_from="2025-03-13"))
    settings.TIME_ZONE = "Europe/Istanbul"
    cache.clear()  # a change of settings comes with a restart, not a new content token
    assert "turkeys-drones" in slugs(get(client, "/articles", date_from="2025-03-13"))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"hub": "secret-hub"}, "No published hub has the slug 'secret-hub'."),
        ({"author": "nobody"}, "No author has the slug 'nobody'."),
        ({"entity": "nothing"}, "No entity has the slug 'nothing'."),
    ],
)
def test_a_filter_naming_nothing_is_a_404_that_says_so(client, newsroom, params, message):
    assert get(client, "/articles", 404, **params) == {"detail": message}


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"date_from": "yesterday"}, ["query", "date_from"]),
        ({"date_to": "2025-02-30"}, ["query", "date_to"]),
        ({"hub": "no spaces"}, ["query", "hub"]),
        ({"entity": "nul\x00byte"}, ["query", "entity"]),
    ],
)
def test_malformed_filters_are_a_422_naming_the_parameter(client, newsroom, params, where):
    errors = get(client, "/articles", 422, **params)["detail"]
    assert [error["loc"] for error in errors] == [where]
    assert errors[0]["msg"]


def test_article_detail_has_everything_an_app_needs(client, newsroom):
    article = get(client, "/articles/after-the-vote")
    assert article["title"] == "Turkey and NATO after the vote"
    assert (
        article["url"] == article["canonical_url"] == "http://testserver/analysis/after-the-vote/"
    )
    assert article["body_html"].startswith("<p>Turkey weighed its NATO ties")
    assert article["summary"] and article["word_count"] > 30
    assert article["published_at"] == "2025-03-10T10:00:00Z"
    assert article["updated_at"]
    assert [a["slug"] for a in article["authors"]] == ["mira-kovac", "daniel-okafor"]
    entities = {e["slug"]: e for e in article["entities"]}
    assert entities["turkey"]["relation"] == "about"
    assert entities["turkey"]["mention_count"] == 3 and entities["turkey"]["in_title"] is True
    assert entities["baltic-states"]["relation"] == "mentions"
    assert entities["turkey"]["salience"] > entities["baltic-states"]["salience"]
    saliences = [e["salience"] for e in article["entities"]]
    assert saliences == sorted(saliences, reverse=True)
    assert [(h["slug"], h["pinned"]) for h in article["hubs"]] == [("turkey-nato", False)]
    assert "Turkey" in article["hubs"][0]["reason"]
    assert article["comment_count"] == 4


def test_an_article_first_published_elsewhere_points_there(client, newsroom):
    article = get(client, "/articles/turkeys-drones")
    assert article["canonical_url"] == "https://elsewhere.example.org/drones"
    assert article["url"] == "http://testserver/analysis/turkeys-drones/"


def test_an_articles_hubs_leave_out_draft_hubs(client, newsroom):
    from dossiers.hubs.models import HubMembership

    # The draft hub collects the article too; the API does not say so.
    assert HubMembership.objects.filter(hub=newsroom.secret, article=newsroom.vote).exists()
    assert [h["slug"] for h in get(client, "/articles/after-the-vote")["hubs"]] == ["turkey-nato"]


@pytest.mark.parametrize("slug", ["turkey-draft", "turkey-tomorrow", "never-written"])
def test_drafts_and_scheduled_articles_are_not_found(client, newsroom, slug):
    assert get(client, f"/articles/{slug}", 404) == {
        "detail": f"No published article has the slug '{slug}'."
    }
    get(client, f"/articles/{slug}/comments", 404)


def test_comments_are_approved_ones_in_thread_order_without_private_data(client, newsroom):
    response = client.get(f"{API}/articles/after-the-vote/comments")
    page = response.json()
    assert [(c["name"], c["depth"]) for c in page["results"]] == [
        ("Ada", 0),
        ("Ben", 1),
        ("Cleo", 0),
    ]
    ada, ben, _cleo = page["results"]
    assert ben["parent_id"] == ada["id"] and ada["parent_id"] is None
    assert ada["url"] == "https://ada.example.org" and ben["url"] is None
    assert ada["body_html"] == "<p>First <em>point</em>.</p>\n"
    assert ada["created_at"] == "2025-03-11T10:00:00Z"
    assert set(ada) == {"id", "parent_id", "depth", "name", "url", "body_html", "created_at"}
    body = response.content.decode()
    for secret in ("example.net", "Pending words", "Reply to held", "Buy things", "Linked here"):
        assert secret not in body
    assert newsroom.first.ip_hash == "" or newsroom.first.ip_hash not in body


# --- Authors --------------------------------------------------------------------------


def test_author_list_counts_only_visible_articles(client, newsroom):
    page = get(client, "/authors")
    counts = {a["slug"]: a["article_count"] for a in page["results"]}
    assert counts == {"daniel-okafor": 2, "mira-kovac": 2, "zoe-unpublished": 0}
    assert slugs(page) == ["daniel-okafor", "mira-kovac", "zoe-unpublished"]


def test_author_detail_and_articles(client, newsroom):
    author = get(client, "/authors/mira-kovac")
    assert author["bio_html"] == "<p>Covers <em>the Black Sea</em>.</p>\n"
    assert author["links"] == ["https://example.org/mira"]
    assert author["article_count"] == 2
    articles = get(client, "/authors/mira-kovac/articles")
    assert slugs(articles) == ["turkeys-drones", "after-the-vote"]
    get(client, "/authors/nobody", 404)


# --- Entities -------------------------------------------------------------------------


def test_entity_list_by_name_with_type_filter(client, newsroom):
    page = get(client, "/entities")
    assert slugs(page) == ["baltic-states", "nato", "turkey"]
    assert page["results"][2]["aliases"] == ["Türkiye", "Republic of Turkey"]
    assert slugs(get(client, "/entities", type="country")) == ["turkey"]
    errors = get(client, "/entities", 422, type="planet")["detail"]
    assert errors[0]["loc"] == ["query", "type"] and "country" in errors[0]["msg"]


def test_entity_detail_has_description_same_as_and_published_hubs_it_is_key_to(client, newsroom):
    entity = get(client, "/entities/turkey")
    assert entity["type"] == "country"
    assert entity["description_html"] == (
        "<p><strong>Turkey</strong> joined the alliance in 1952.</p>\n"
    )
    assert entity["same_as"] == ["https://www.wikidata.org/wiki/Q43"]
    assert entity["aliases"] == ["Türkiye", "Republic of Turkey"]
    assert [h["slug"] for h in entity["key_to"]] == ["turkey-nato"]  # not the draft hub
    assert entity["article_count"] == 2


def test_entity_articles_say_how_salient_the_entity_is_in_each(client, newsroom):
    page = get(client, "/entities/baltic-states/articles")
    assert slugs(page) == ["northern-flank", "after-the-vote"]
    flank, vote = page["results"]
    assert flank["relation"] == "about" and vote["relation"] == "mentions"
    assert flank["salience"] > vote["salience"] and vote["mention_count"] == 1


# --- HTTP -----------------------------------------------------------------------------


def test_head_answers_like_get_without_a_body(client, newsroom):
    got = client.get(f"{API}/hubs/turkey-nato")
    head = client.head(f"{API}/hubs/turkey-nato")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == got["ETag"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, newsroom, method):
    response = getattr(client, method)(f"{API}/hubs", content_type="application/json")
    assert response.status_code == 405


def test_an_unknown_api_address_answers_json(client, db):
    assert get(client, "/nothing-here", 404)["detail"].startswith("No API operation at")
    assert client.get("/api/v2/hubs").json()["detail"].startswith("No API operation")
    assert "end without a slash" in get(client, "/hubs/", 404)["detail"]

"""Schemathesis against the API's own schema, in-process through the WSGI application.

Every operation gets the schema's examples (the slugs seeded below, the demo site's),
boundary values and a bounded number of generated requests, valid and invalid. Every
answer must be documented, match its schema and headers, and never be a 5xx.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from dossiers.api.endpoints.articles import ARTICLE_SLUG
from dossiers.api.endpoints.authors import AUTHOR_SLUG
from dossiers.api.endpoints.entities import ENTITY_SLUG
from dossiers.api.endpoints.hubs import HUB_SLUG
from dossiers.comments.models import CommentStatus
from dossiers.search.indexing import index_rebuild
from dossiers.wsgi import application
from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, HubFactory, make_comment

# Loaded at collection: the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def in_process_requests():
    """Keep the test's database connection across requests, as Django's test client does: the
    real WSGI handler closes connections in a transaction at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db, settings, in_process_requests):
    """A few of each, under the slugs the schema gives as examples."""
    settings.DOSSIERS = {**settings.DOSSIERS, "API_RATE": "off"}
    key = EntityFactory(
        name="Turkey NATO",
        slug=ENTITY_SLUG,
        aliases=["NATO's southern anchor"],
        same_as=["https://www.wikidata.org/wiki/Q43"],
        description="The *alliance* tie.",
    )
    baltics = EntityFactory(name="Baltic states", type="place")
    writer = AuthorFactory(name="Mira Kovač", slug=AUTHOR_SLUG, links=["https://example.org/m"])
    article = ArticleFactory(
        title="Why the Baltic states watch Turkey NATO",
        slug=ARTICLE_SLUG,
        body="Turkey NATO ties matter. The Baltic states watch Turkey NATO closely.",
        authors=[writer, AuthorFactory(name="Daniel Okafor")],
    )
    ArticleFactory(title="Turkey NATO and drones", body="Turkey NATO again.", authors=[writer])
    ArticleFactory(title="A draft on Turkey NATO", status="draft", published_at=None)
    HubFactory(name="Turkey NATO", slug=HUB_SLUG, key_entities=[key], pinned=[article])
    HubFactory(name="Baltic watch", key_entities=[baltics], intro="")
    first = make_comment(article, body="A *first* comment.")
    make_comment(article, parent=first, body="A reply.")
    make_comment(article, status=CommentStatus.PENDING, body="Held back.")
    index_rebuild()  # searches find the seeded articles


@schema.parametrize()
@hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_conforms_to_the_schema(case, seeded):
    # The in-process WSGI transport (werkzeug's test client) sends requests' default
    # "Accept-Encoding: gzip" but does not undo the gzip the site then answers with:
    # ask for the plain body (tests/core/test_compression.py covers the compressed one).
    case.call_and_validate(headers={"Accept-Encoding": "identity"})

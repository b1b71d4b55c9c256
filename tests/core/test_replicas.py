"""The replica router: readers' requests read from a replica, everything that must see a
just-made write reads from the primary (the rule in dossiers/core/replicas.py)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from dossiers.core.replicas import PIN_COOKIE, PRIMARY, PrimaryPinMiddleware, ReplicaRouter
from dossiers.publishing.models import Article

ROUTER = ReplicaRouter(["replica1", "replica2"])


def _serve(request: HttpRequest, *, write: bool = False) -> tuple[list[str], HttpResponse]:
    """Run the request through the middleware; the view reads, maybe writes, reads again."""
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(ROUTER.db_for_read(Article))
        if write:
            seen.append(ROUTER.db_for_write(Article))
        seen.append(ROUTER.db_for_read(Article))
        return HttpResponse("ok")

    return seen, PrimaryPinMiddleware(view)(request)


def test_a_readers_get_reads_from_the_replicas_in_turn_and_sets_no_cookie():
    seen, response = _serve(RequestFactory().get("/topics/energy/"))
    assert seen == ["replica1", "replica2"] or seen == ["replica2", "replica1"]
    assert PIN_COOKIE not in response.cookies


def test_a_request_that_writes_reads_from_the_primary_after_and_pins_the_browser():
    seen, response = _serve(RequestFactory().get("/topics/energy/"), write=True)
    assert seen[0].startswith("replica")
    assert seen[1:] == [PRIMARY, PRIMARY]
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 5
    assert cookie["httponly"]


def test_a_post_reads_from_the_primary_and_pins_the_browser():
    seen, response = _serve(RequestFactory().post("/analyses/a/comments/", {"body": "x"}))
    assert seen == [PRIMARY, PRIMARY]
    assert PIN_COOKIE in response.cookies


def test_a_pinned_browser_reads_from_the_primary():
    request = RequestFactory().get("/analyses/a/")
    request.COOKIES[PIN_COOKIE] = "1"
    assert _serve(request)[0] == [PRIMARY, PRIMARY]


def test_the_desk_reads_from_the_primary():
    assert _serve(RequestFactory().get("/admin/publishing/article/"))[0] == [PRIMARY, PRIMARY]


def test_outside_a_request_everything_reads_from_the_primary():
    # The CLI, importers and the background worker read what they have just written.
    assert ROUTER.db_for_read(Article) == PRIMARY
    assert ROUTER.db_for_write(Article) == PRIMARY


@pytest.mark.django_db
def test_inside_a_transaction_reads_stay_on_the_primary():
    def view(request: HttpRequest) -> HttpResponse:
        with transaction.atomic():
            return HttpResponse(ROUTER.db_for_read(Article))

    response = PrimaryPinMiddleware(view)(RequestFactory().get("/"))
    assert response.content.decode() == PRIMARY


def test_migrations_run_on_the_primary_only():
    assert ROUTER.allow_migrate(PRIMARY, "publishing")
    assert not ROUTER.allow_migrate("replica1", "publishing")

"""insert_rows writes what the ORM would have written, dates and JSON included."""

import datetime as dt

import pytest

from dossiers.core.bulk import insert_rows
from dossiers.importers.models import ImportedObject
from dossiers.knowledge.models import AmbiguousMention
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_rows_round_trip_with_aware_datetimes():
    moment = dt.datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=dt.UTC)
    written = insert_rows(
        ImportedObject,
        ("source", "kind", "guid", "object_id", "digest", "imported_at"),
        [("wordpress:x", "post", f"g{i}", i, "d", moment) for i in range(5)],
        batch_size=2,
    )
    assert written == 5
    stored = ImportedObject.objects.order_by("object_id")
    assert [row.guid for row in stored] == ["g0", "g1", "g2", "g3", "g4"]
    assert {row.imported_at for row in stored} == {moment}
    assert ImportedObject.objects.filter(imported_at__gte=moment).count() == 5


def test_json_columns_are_adapted_by_their_field():
    article = ArticleFactory()
    insert_rows(
        AmbiguousMention,
        ("article_id", "surface", "candidate_ids", "count", "first_position"),
        [(article.pk, "Georgia", [3, 7], 2, 10)],
    )
    stored = AmbiguousMention.objects.get(article=article)
    assert (stored.surface, stored.candidate_ids, stored.count) == ("Georgia", [3, 7], 2)


def test_no_rows_writes_nothing():
    assert insert_rows(ImportedObject, ("source", "kind", "guid", "object_id"), []) == 0


def test_statistics_refresh_gives_postgresql_the_table_size_at_once():
    from django.db import connection

    from dossiers.core.bulk import statistics_refresh

    insert_rows(
        ImportedObject,
        ("source", "kind", "guid", "object_id", "digest", "imported_at"),
        [("wordpress:x", "post", f"g{i}", i, "", dt.datetime.now(dt.UTC)) for i in range(300)],
    )
    statistics_refresh(ImportedObject)
    if connection.vendor != "postgresql":
        return  # SQLite plans without statistics: nothing to refresh, and nothing fails
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s", [ImportedObject._meta.db_table]
        )
        assert cursor.fetchone()[0] == 300

"""The FTS5 table and its clean-up trigger. Acts only on SQLite (a no-op elsewhere)."""

from django.db import migrations

FORWARD = (
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title, summary, body, article_id UNINDEXED,
        tokenize = 'porter unicode61 remove_diacritics 2',
        prefix = '3 4'
    )""",
    """CREATE TRIGGER IF NOT EXISTS search_document_deleted
        AFTER DELETE ON search_searchdocument
        BEGIN DELETE FROM search_fts WHERE rowid = old.sort_key; END""",
)
BACKWARD = (
    "DROP TRIGGER IF EXISTS search_document_deleted",
    "DROP TABLE IF EXISTS search_fts",
)


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]

"""The weighted tsvector columns (the whole text, under a GIN index; a small one for
ranking), and the `dossiers_search` text search configuration (English stems, accents
removed). Acts only on PostgreSQL."""

from django.db import migrations

FORWARD = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'dossiers_search') THEN
            CREATE TEXT SEARCH CONFIGURATION dossiers_search (COPY = english);
            ALTER TEXT SEARCH CONFIGURATION dossiers_search
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
        END IF;
    END $$""",
    "ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS document tsvector "
    "NOT NULL DEFAULT ''::tsvector",
    "ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS rank_vector tsvector "
    "NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX IF NOT EXISTS search_document_gin ON search_searchdocument "
    "USING gin (document)",
)
BACKWARD = (
    "DROP INDEX IF EXISTS search_document_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS rank_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS document",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS dossiers_search",
)


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            if statements is FORWARD:
                cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
                if cursor.fetchone() is None:
                    cursor.execute(
                        "SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'"
                    )
                    if cursor.fetchone() is None:
                        raise RuntimeError(
                            "PostgreSQL search needs the unaccent extension, which this "
                            "server does not have: install PostgreSQL's contrib package "
                            "(Debian: postgresql-contrib), then migrate again."
                        )
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0002_sqlite_fts5")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]

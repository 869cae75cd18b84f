"""The pg_search extension and the document table's bm25 index, where the server ships pg_search.

A server without it (a managed PostgreSQL) skips both and serves the full-text backend; the migration itself
never fails there. The index covers the folded text fields the BM25 backend matches and boosts.
"""

from django.db import migrations

INDEX = "search_document_bm25"


def available(cursor) -> bool:
    cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_search'")
    return cursor.fetchone() is not None


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if not available(cursor):
            return
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_search")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchdocument "
            "USING bm25 (id, name_folded, alias_folded, body_folded) WITH (key_field = 'id')"
        )


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]

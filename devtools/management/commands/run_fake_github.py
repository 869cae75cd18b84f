"""manage.py run_fake_github [--port 8765] [--repos 50] [--issues 1000]: a local fake GitHub for demos."""

import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from devtools.fake_github import Dataset, FakeGitHub, generate_organization, load_recordings, recorded_dataset

# Organizations OWASP projects live in besides OWASP's, generated with --related.
RELATED = ["zaproxy", "juice-shop", "CycloneDX", "DependencyTrack", "DefectDojo"]


class Command(BaseCommand):
    help = (
        "Serve a fake GitHub REST API: a generated organization (and the recorded responses of NEST_DATA_DIR) "
        "with ETags, Link pagination, `since` and fault injection (POST /_fake/faults). Point the sync at it "
        "with GITHUB_API_URL=http://HOST:PORT."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--org", default="OWASP", help="Login of the generated organization.")
        parser.add_argument("--repos", type=int, default=50)
        parser.add_argument("--issues", type=int, default=1_000)
        parser.add_argument("--pulls", type=int, default=None, help="Default: a fifth of --issues.")
        parser.add_argument("--commits", type=int, default=None, help="Default: 10 per repository.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--rate-limit", type=int, default=5_000, help="Requests per hour it reports.")
        parser.add_argument("--enforce-rate-limit", action="store_true", help="Answer 403 once the limit is used.")
        parser.add_argument("--no-recorded", action="store_true", help="Serve only the generated organization.")
        parser.add_argument(
            "--related", type=int, default=0, help=f"Also this many other organizations (up to {len(RELATED)})."
        )
        parser.add_argument("--related-repos", type=int, default=20, help="Repositories of each other organization.")
        parser.add_argument("--related-issues", type=int, default=1_000, help="Issues of each other organization.")

    def handle(self, *args, **options):
        dataset = Dataset()
        generate_organization(
            dataset,
            options["org"],
            repos=options["repos"],
            issues=options["issues"],
            pulls=options["pulls"],
            commits=options["commits"],
            seed=options["seed"],
        )
        for index, login in enumerate(RELATED[: options["related"]], start=1):
            generate_organization(
                dataset,
                login,
                repos=options["related_repos"],
                issues=options["related_issues"],
                seed=options["seed"] + index,
                org_id=1_000 + index,
            )
        recordings = None
        if not options["no_recorded"]:
            recorded_dataset(settings.NEST_DATA_DIR, dataset)
            recordings = load_recordings(settings.NEST_DATA_DIR)
        org = dataset.organizations[options["org"]]
        items = sum(len(repo.issues) for repo in org.repos.values())
        fake = FakeGitHub(
            dataset,
            recordings=recordings,
            host=options["host"],
            port=options["port"],
            rate_limit=options["rate_limit"],
            enforce_rate_limit=options["enforce_rate_limit"],
        )
        fake.start()
        self.stdout.write(
            f"Fake GitHub on {fake.url}: {options['org']} with {len(org.repos)} repositories, {items} issues and "
            f"pull requests; organizations: {', '.join(dataset.organizations)}.\n"
            f"  Sync it:  GITHUB_API_URL={fake.url} .venv/bin/python manage.py sync_github --org {options['org']}\n"
            f"  Stats:    curl {fake.url}/_fake/stats\n"
            f'  Faults:   curl -X POST {fake.url}/_fake/faults -d \'{{"kind": "server_error", "count": 3}}\'\n'
            "Ctrl-C stops it.",
        )
        self.stdout.flush()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            fake.stop()

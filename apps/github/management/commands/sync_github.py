"""manage.py sync_github [--org OWASP] [--repo NAME] [--full]"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.github.sync import Progress, sync_github


class ProgressBar(Progress):
    def __init__(self, stream):
        self.stream = stream
        self.bar: tqdm | None = None

    def start(self, total: int) -> None:
        self.bar = tqdm(total=total or None, unit="repo", file=self.stream, dynamic_ncols=True, mininterval=0.5)

    def update(self, name: str, outcome: str) -> None:
        if self.bar is not None:
            if self.bar.total is not None and self.bar.n >= self.bar.total:
                self.bar.total += 1  # the organization's count is an estimate
            self.bar.set_postfix_str(f"{outcome} {name}"[-60:], refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class Command(BaseCommand):
    help = (
        "Sync an organization's repositories and their issues, pull requests, releases, labels, contributors and "
        "commits from GitHub (GITHUB_API_URL, GITHUB_TOKEN). Incremental unless --full; resumes where a stopped "
        "run left off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", default=None, help="Organization login (default: GITHUB_ORGANIZATION).")
        parser.add_argument("--repo", default=None, help="Sync only this repository of the organization.")
        parser.add_argument(
            "--full",
            action="store_true",
            help="Read every repository and complete listings (still conditionally), not only what changed.",
        )

    def handle(self, *args, org=None, repo=None, full=False, **options):
        progress = ProgressBar(self.stderr._out if hasattr(self.stderr, "_out") else self.stderr)
        try:
            report = sync_github(org, repository=repo, full=full, progress=progress)
        finally:
            progress.close()
        self.stdout.write(report.summary())
        if report.stopped:
            raise CommandError(f"GitHub sync did not complete: {report.stopped}")
        if report.errors:
            self.stdout.write(self.style.WARNING(f"{len(report.errors)} errors; the next run retries them."))
        else:
            self.stdout.write(self.style.SUCCESS("GitHub sync complete."))

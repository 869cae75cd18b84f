"""``manage.py sync_owasp [--source PATH] [--only projects,chapters]``: import or refresh OWASP's data."""

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from tqdm import tqdm

from apps.owasp.sources.base import SourceUnavailable
from apps.owasp.sync.owasp import ENTITIES, sync_owasp


class Command(BaseCommand):
    # A data job run by bootstrap (after migrate has run the checks), beat and cron: skip Django's system checks.
    requires_system_checks: list[str] = []
    help = (
        "Create or update the OWASP project, chapter, committee and event pages, the sponsors and the staff from "
        "OWASP's data (a folder laid out like ../shared/data; default: the NEST_DATA_DIR setting). Idempotent: a "
        "re-run with no upstream change writes nothing. Fields an editor changed are never overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            help="Data folder (owasp-site/_data and owasp-repos/), or 'github' for OWASP's repositories through the "
            "GitHub API (GITHUB_API_URL, GITHUB_TOKEN). Default: NEST_DATA_DIR, or GitHub when that is empty.",
        )
        parser.add_argument(
            "--only", help=f"Comma-separated subset of: {', '.join(ENTITIES)}.", type=lambda v: v.split(",")
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args, source=None, only=None, no_progress=False, **options):
        unknown = sorted(set(only or []) - set(ENTITIES))
        if unknown:
            raise CommandError(f"unknown entities: {', '.join(unknown)} (choose from {', '.join(ENTITIES)})")

        stream = self.stderr
        while isinstance(stream, OutputWrapper):  # tqdm redraws with "\r"; the wrapper would add newlines
            stream = stream._out

        def progress(total: int):
            return tqdm(total=total, desc="OWASP sync", unit="record", file=stream, disable=no_progress)

        try:
            report = sync_owasp(source, only=only, progress=progress)
        except SourceUnavailable as exc:
            raise CommandError(str(exc)) from exc
        lines = report.summary_lines()
        self.stdout.write(self.style.SUCCESS(f"OWASP sync done: {lines[0]}"))
        for line in lines[1:]:
            self.stdout.write(line)

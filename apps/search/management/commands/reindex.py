"""``manage.py reindex [--type project ...]``: rebuild the search documents and the typo vocabulary."""

import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from apps.search.models import DocumentType
from apps.search.services import indexing


class Command(BaseCommand):
    help = "Rebuild the search index (every type, or those named) and the typo vocabulary, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("--type", action="append", choices=DocumentType.values, dest="types")

    def handle(self, *args, types=None, verbosity=1, **options):
        kinds = types or list(indexing.BUILDERS)
        started = time.monotonic()
        totals = {kind: indexing.count(kind) for kind in kinds}
        bars = {}

        def progress(kind, n):
            if kind not in bars:
                bars[kind] = tqdm(total=totals[kind], desc=kind, unit="doc", disable=verbosity < 1, file=self.stderr)
            bars[kind].update(n)

        report = indexing.reindex(kinds, progress=progress)
        for bar in bars.values():
            bar.close()
        for kind in kinds:
            self.stdout.write(
                f"{kind}: {report.written.get(kind, 0)} indexed, {report.removed.get(kind, 0)} stale removed"
            )
        self.stdout.write(self.style.SUCCESS(f"Reindexed in {time.monotonic() - started:.1f} s."))

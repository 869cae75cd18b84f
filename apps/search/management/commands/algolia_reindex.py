"""``manage.py algolia_reindex``: replace the Algolia index with the search documents, atomically (a temporary
index filled with the settings, the synonyms and every record, then moved over the live one), with a progress
bar and a summary. ``--settings-only`` pushes the settings and synonyms alone. ``reindex`` rebuilds the
documents themselves (and, when Algolia is the backend, replaces the index the same way)."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.search.backends.algolia import AlgoliaBackend, push_settings, replace_index
from apps.search.backends.base import BackendUnavailable
from apps.search.models import SearchDocument


class Command(BaseCommand):
    help = "Replace the Algolia index with the search documents (temporary index, then moved), with progress."

    def add_arguments(self, parser):
        parser.add_argument("--settings-only", action="store_true", help="Push the settings and synonyms only.")

    def handle(self, *args, settings_only=False, verbosity=1, **options):
        from algoliasearch.http.exceptions import AlgoliaException

        from apps.search.backends.algolia import RETRYABLE, _message

        started = time.monotonic()
        try:
            AlgoliaBackend().check()
        except BackendUnavailable as exc:
            raise CommandError(str(exc)) from exc
        try:
            if settings_only:
                synonyms = push_settings()
                self.stdout.write(self.style.SUCCESS(f"Settings and {synonyms} synonyms pushed."))
                return
            documents = SearchDocument.objects.order_by("pk")
            with tqdm(
                total=documents.count(), desc="algolia", unit="record", disable=verbosity < 1, file=self.stderr
            ) as bar:
                report = replace_index(documents, progress=bar.update)
        except (AlgoliaException, *RETRYABLE) as exc:
            raise CommandError(f"Algolia failed, the live index is unchanged: {_message(exc)}") from exc
        self.stdout.write(
            f"{report['records']} records and {report['synonyms']} synonyms in the new index; "
            f"{report['late_updates']} updated and {report['late_removals']} removed while it was built"
        )
        self.stdout.write(self.style.SUCCESS(f"Algolia index replaced in {time.monotonic() - started:.1f} s."))

"""manage.py embed [--type project] [--limit N] [--no-refresh]"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.ai.models import EntityType
from apps.ai.providers import ProviderError
from apps.ai.services.embedding import Progress, sync_embeddings


class ProgressBar(Progress):
    def __init__(self, stream):
        self.stream = stream
        self.bar: tqdm | None = None

    def start(self, total: int) -> None:
        self.bar = tqdm(total=total, unit="context", file=self.stream, dynamic_ncols=True, mininterval=0.5)

    def update(self, contexts: int, chunks: int) -> None:
        if self.bar is not None:
            self.bar.update(contexts)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class Command(BaseCommand):
    help = (
        "Embed Nest's content for semantic retrieval: refresh every context (pages, repositories, open issues), "
        "then embed the new and changed ones with the configured provider (local MiniLM, or OpenAI with "
        "OPENAI_API_KEY). Only changed content is embedded again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--type", action="append", choices=EntityType.values, dest="types", help="Only these kinds."
        )
        parser.add_argument("--limit", type=int, default=None, help="Embed at most this many contexts.")
        parser.add_argument(
            "--no-refresh", action="store_true", help="Embed what is pending without re-reading the content."
        )

    def handle(self, *args, types=None, limit=None, no_refresh=False, **options):
        if limit is not None and limit < 0:
            raise CommandError("--limit must be 0 or more")
        progress = ProgressBar(self.stderr._out if hasattr(self.stderr, "_out") else self.stderr)
        try:
            report = sync_embeddings(refresh=not no_refresh, types=types, limit=limit, progress=progress)
        except ProviderError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
        if report.errors:
            raise CommandError(f"embedding did not complete: {report.errors[0]}")

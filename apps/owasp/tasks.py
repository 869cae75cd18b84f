from celery import shared_task
from django.conf import settings

from apps.owasp.sources.base import SourceUnavailable
from apps.owasp.sync.owasp import sync_owasp


@shared_task(
    name="owasp.sync",
    bind=True,
    autoretry_for=(SourceUnavailable,),
    retry_backoff=60,
    max_retries=5,
    ignore_result=False,
)
def sync_owasp_task(self, source: str | None = None, only: list[str] | None = None) -> dict:
    """Sync OWASP's projects, chapters, committees, events and sponsors (beat runs it daily); returns the report."""
    return sync_owasp(source or settings.NEST_DATA_DIR, only=only).as_dict()

"""Sync of EventPages from events.yml, revents.json, chapter_events.json and chapters' own event files."""

from apps.owasp.sources.common import Upstream
from apps.owasp.sources.events import read_events
from apps.owasp.sources.records import EventRecord
from apps.owasp.sync.context import SyncContext
from apps.owasp.sync.field_map import check_field_map
from apps.owasp.sync.indexes import ensure_index_page
from apps.owasp.sync.pages import PageSync
from cms.models import EventIndexPage, EventPage

ENTITY = "events"
KIND = "event"
check_field_map(EventRecord, EventPage)


def read(upstream: Upstream):
    return read_events(upstream)


def sync_events(upstream: Upstream, context: SyncContext, result=None) -> None:
    """Create or update one EventPage per event; never delete, never overwrite an editor's field."""
    result = result or read(upstream)
    page_sync = PageSync(
        entity=ENTITY, kind=KIND, model=EventPage, parent=ensure_index_page(EventIndexPage), **context.kwargs()
    )
    page_sync.run(result)

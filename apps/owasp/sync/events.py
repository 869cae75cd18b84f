"""Sync of EventPages from events.yml, revents.json, chapter_events.json and chapters' own event files."""

from apps.owasp.sources.common import Upstream
from apps.owasp.sources.events import read_events
from apps.owasp.sync.context import SyncContext
from apps.owasp.sync.indexes import ensure_index_page
from apps.owasp.sync.pages import PageSync
from cms.models import EventIndexPage, EventPage

ENTITY = "events"


def read(upstream: Upstream):
    return read_events(upstream)


def sync_events(upstream: Upstream, context: SyncContext, result=None) -> None:
    """Create or update one EventPage per event; never delete, never overwrite an editor's field."""
    result = result or read(upstream)
    PageSync(entity=ENTITY, model=EventPage, parent=ensure_index_page(EventIndexPage), **context.kwargs()).run(result)

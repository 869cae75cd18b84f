"""Sync of CommitteePages from committees.json and the www-committee-* repositories."""

from apps.owasp.sources.committees import read_committees
from apps.owasp.sources.common import Upstream
from apps.owasp.sources.records import CommitteeRecord
from apps.owasp.sync.context import SyncContext
from apps.owasp.sync.field_map import check_field_map
from apps.owasp.sync.indexes import ensure_index_page
from apps.owasp.sync.pages import PageSync
from cms.models import CommitteeIndexPage, CommitteePage

ENTITY = "committees"
KIND = "committee"
check_field_map(CommitteeRecord, CommitteePage)


def read(upstream: Upstream):
    return read_committees(upstream)


def sync_committees(upstream: Upstream, context: SyncContext, result=None) -> None:
    """Create or update one CommitteePage per committee; never delete, never overwrite an editor's field."""
    result = result or read(upstream)
    page_sync = PageSync(
        entity=ENTITY, kind=KIND, model=CommitteePage, parent=ensure_index_page(CommitteeIndexPage), **context.kwargs()
    )
    page_sync.run(result)

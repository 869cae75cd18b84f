"""Sync of ChapterPages from chapters.json and the www-chapter-* repositories (located offline)."""

from apps.owasp.sources.chapters import read_chapters
from apps.owasp.sources.common import Upstream
from apps.owasp.sources.records import ChapterRecord
from apps.owasp.sync.context import SyncContext
from apps.owasp.sync.field_map import check_field_map
from apps.owasp.sync.indexes import ensure_index_page
from apps.owasp.sync.pages import PageSync
from cms.models import ChapterIndexPage, ChapterPage

ENTITY = "chapters"
KIND = "chapter"
check_field_map(ChapterRecord, ChapterPage)


def read(upstream: Upstream):
    return read_chapters(upstream)


def sync_chapters(upstream: Upstream, context: SyncContext, result=None) -> None:
    """Create or update one ChapterPage per chapter; never delete, never overwrite an editor's field."""
    result = result or read(upstream)
    page_sync = PageSync(
        entity=ENTITY, kind=KIND, model=ChapterPage, parent=ensure_index_page(ChapterIndexPage), **context.kwargs()
    )
    page_sync.run(result)

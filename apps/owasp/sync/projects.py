"""Sync of ProjectPages from projects.json and the www-project-* repositories."""

from apps.owasp.sources.common import Upstream
from apps.owasp.sources.projects import read_projects
from apps.owasp.sources.records import ProjectRecord
from apps.owasp.sync.context import SyncContext
from apps.owasp.sync.field_map import check_field_map
from apps.owasp.sync.indexes import ensure_index_page
from apps.owasp.sync.pages import PageSync
from cms.models import ProjectIndexPage, ProjectPage

ENTITY = "projects"
KIND = "project"
check_field_map(ProjectRecord, ProjectPage)


def read(upstream: Upstream):
    return read_projects(upstream)


def sync_projects(upstream: Upstream, context: SyncContext, result=None) -> None:
    """Create or update one ProjectPage per project; never delete, never overwrite an editor's field."""
    result = result or read(upstream)
    page_sync = PageSync(
        entity=ENTITY, kind=KIND, model=ProjectPage, parent=ensure_index_page(ProjectIndexPage), **context.kwargs()
    )
    page_sync.run(result)

"""Sync of ProjectPages from projects.json and the www-project-* repositories."""

from apps.owasp.sources.common import Upstream
from apps.owasp.sources.projects import read_projects
from apps.owasp.sync.context import SyncContext
from apps.owasp.sync.indexes import ensure_index_page
from apps.owasp.sync.pages import PageSync
from cms.models import ProjectIndexPage, ProjectPage

ENTITY = "projects"


def read(upstream: Upstream):
    return read_projects(upstream)


def sync_projects(upstream: Upstream, context: SyncContext, result=None) -> None:
    """Create or update one ProjectPage per project; never delete, never overwrite an editor's field."""
    result = result or read(upstream)
    PageSync(entity=ENTITY, model=ProjectPage, parent=ensure_index_page(ProjectIndexPage), **context.kwargs()).run(
        result
    )

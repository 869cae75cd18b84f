"""Open issues as the project and repository pages list them."""

from django.db.models import prefetch_related_objects

from apps.github.models import Issue
from apps.github.services.per_repository import newest_rows


def latest_open_issues(repository_ids: list[int], *, limit: int = 10) -> list[Issue]:
    """The newest open issues across these repositories, newest first, with their assignee (2 queries at
    most, whatever the number of repositories or issues: the (repository, created_at) WHERE open index); without
    their bodies, which a list never shows."""
    issues = newest_rows(Issue.objects.open().defer("body"), repository_ids, limit=limit, by="created_at")
    prefetch_related_objects(issues, "assignee")
    return issues

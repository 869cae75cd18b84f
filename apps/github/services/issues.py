"""Open issues as the project and repository pages list them."""

from apps.github.models import Issue
from apps.github.services.per_repository import newest_ids


def latest_open_issues(repository_ids: list[int], *, limit: int = 10) -> list[Issue]:
    """The newest open issues across these repositories, newest first, with their assignee (2 queries,
    whatever the number of repositories or issues: the (repository, created_at) WHERE open index)."""
    ids = newest_ids(Issue.objects.open(), repository_ids, limit=limit, by="created_at")
    issues = Issue.objects.filter(pk__in=ids).select_related("assignee").in_bulk()
    return [issues[pk] for pk in ids if pk in issues]

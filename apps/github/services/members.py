"""What a GitHub member did, for many members at once: counts of their issues, pull requests, releases and
commits, and the repositories they contributed most to."""

from django.db.models import Count, F, Sum, Window
from django.db.models.functions import RowNumber

from apps.github.models import Issue, PullRequest, Release, RepositoryContributor


def _counts(queryset, key: str, user_ids: list[int], **aggregate) -> dict[int, int]:
    rows = queryset.filter(**{f"{key}__in": user_ids}).values(key).annotate(**aggregate).order_by()
    return {row[key]: row["n"] for row in rows}


def member_counts(user_ids: list[int]) -> dict[int, dict]:
    """Per user: issues and pull requests authored, published releases authored, and commits counted in
    GitHub's contributor lists (``contributions``) with the number of repositories they span (4 queries)."""
    ids = list(user_ids)
    if not ids:
        return {}
    issues = _counts(Issue.objects.all(), "author_id", ids, n=Count("id"))
    pulls = _counts(PullRequest.objects.all(), "author_id", ids, n=Count("id"))
    releases = _counts(Release.objects.published(), "author_id", ids, n=Count("id"))
    contributed = {
        row["user_id"]: row
        for row in RepositoryContributor.objects.filter(user_id__in=ids)
        .values("user_id")
        .annotate(commits=Sum("contributions"), repositories=Count("id"))
        .order_by()
    }
    return {
        user_id: {
            "issues": issues.get(user_id, 0),
            "pull_requests": pulls.get(user_id, 0),
            "releases": releases.get(user_id, 0),
            "contributions": contributed.get(user_id, {}).get("commits") or 0,
            "repositories": contributed.get(user_id, {}).get("repositories") or 0,
        }
        for user_id in ids
    }


def top_contributions(user_ids: list[int], *, limit: int) -> dict[int, list[RepositoryContributor]]:
    """Each user's ``limit`` repositories with the most of their commits (then by repository id), each row
    with its repository and organization, for many users in 1 query; [] for a user without any."""
    ids = list(user_ids)
    found: dict[int, list[RepositoryContributor]] = {user_id: [] for user_id in ids}
    if not ids or limit <= 0:
        return found
    rank = Window(RowNumber(), partition_by=[F("user_id")], order_by=[F("contributions").desc(), F("repository_id")])
    rows = (
        RepositoryContributor.objects.filter(user_id__in=ids)
        .annotate(rank=rank)
        .filter(rank__lte=limit)
        .select_related("repository", "repository__organization")
        .order_by("user_id", "rank")
    )
    for row in rows:
        found[row.user_id].append(row)
    return found

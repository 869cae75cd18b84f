"""The www-* repository an OWASP page is made from (a committee's, a chapter's), and the figures GitHub gives
of it: what Nest shows as a committee's stars, forks, issues and contributors."""

from django.db.models import Count

from apps.github.models import Repository, RepositoryContributor
from apps.github.models.user import people_condition


def site_repositories(page_ids: list[int]) -> dict[int, Repository]:
    """The present repository each page is the source of (its most starred one if several), by page id;
    pages whose repository was never synced are left out (1 query)."""
    ids = list(page_ids)
    if not ids:
        return {}
    rows = (
        Repository.objects.present()
        .filter(owasp_page_id__in=ids)
        .select_related("organization")
        .order_by("owasp_page_id", "-stars_count", "id")
    )
    found: dict[int, Repository] = {}
    for repository in rows:
        found.setdefault(repository.owasp_page_id, repository)
    return found


def contributor_counts(repository_ids: list[int]) -> dict[int, int]:
    """People (bots and organizations left out) in each repository's contributor list, by repository id;
    0 for a repository whose list is empty or was never read (1 query)."""
    ids = list(repository_ids)
    if not ids:
        return {}
    rows = (
        RepositoryContributor.objects.filter(people_condition("user__"), repository_id__in=ids)
        .values("repository_id")
        .annotate(n=Count("user_id"))
        .order_by()
    )
    counts = dict.fromkeys(ids, 0)
    counts.update({row["repository_id"]: row["n"] for row in rows})
    return counts

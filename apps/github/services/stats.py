"""The figures of the whole site: what the home page and OWASP Nest's stats overview show."""

from django.db.models import Count, Sum

from apps.github.models import ProjectFigures, Repository, RepositoryContributor, User
from apps.github.services.status import github_status
from cms.models import ChapterPage, ProjectPage


def site_stats() -> dict:
    """Listed projects and chapters, the countries those chapters are in, GitHub accounts and the open issues
    of the projects' repositories (5 queries). The GitHub figures are None (unknown) while GitHub was never
    synced, not 0."""
    status = github_status()
    synced = status.is_synced
    countries = (
        ChapterPage.objects.listed().exclude(country="").order_by().aggregate(n=Count("country", distinct=True))["n"]
    )
    return {
        "projects": ProjectPage.objects.listed().count(),
        "chapters": ChapterPage.objects.listed().count(),
        "countries": countries,
        "contributors": User.objects.count() if synced else None,
        "open_issues": (ProjectFigures.objects.aggregate(total=Sum("open_issues_count"))["total"] or 0)
        if synced
        else None,
        "github_synced_at": status.figures.synced_at,  # how fresh the two GitHub figures are
    }


def organization_totals(organization_ids: list[int]) -> dict[int, dict]:
    """Per organization: its present repositories, their stars, forks and open issues (GitHub's counts), and
    the people in their contributor lists (2 queries)."""
    ids = list(organization_ids)
    if not ids:
        return {}
    present = Repository.objects.present().filter(organization_id__in=ids)
    rows = {
        row["organization_id"]: row
        for row in present.values("organization_id")
        .annotate(
            repositories=Count("id"),
            stars=Sum("stars_count"),
            forks=Sum("forks_count"),
            issues=Sum("open_issues_count"),
        )
        .order_by()
    }
    contributors = {
        row["repository__organization_id"]: row["n"]
        for row in RepositoryContributor.objects.filter(repository__in=present)
        .values("repository__organization_id")
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    }
    return {
        organization_id: {
            "repositories": rows.get(organization_id, {}).get("repositories") or 0,
            "stars": rows.get(organization_id, {}).get("stars") or 0,
            "forks": rows.get(organization_id, {}).get("forks") or 0,
            "issues": rows.get(organization_id, {}).get("issues") or 0,
            "contributors": contributors.get(organization_id, 0),
        }
        for organization_id in ids
    }

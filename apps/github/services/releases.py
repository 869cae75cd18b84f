"""Releases as the site lists them: a project's latest, and the home page's newest per project."""

from django.db.models import OuterRef, Subquery

from apps.github.models import ProjectFigures, Release
from apps.github.models.repository import present_condition
from apps.github.services.per_repository import newest_rows


def latest_releases(repository_ids: list[int], *, limit: int = 5) -> list[Release]:
    """The newest published releases across these repositories, newest first (1 query, one index probe per
    repository); each release's ``repository`` is left for the caller, who has the rows."""
    return newest_rows(Release.objects.published(), repository_ids, limit=limit, by="published_at")


def recent_releases(limit: int = 5) -> list[Release]:
    """The newest release of each of the ``limit`` projects that released last, newest first (2 queries):
    the projects from their precomputed figures, each one's newest release among its present repositories
    from the (repository, published_at) index."""
    newest = (
        Release.objects.published()
        .filter(present_condition("repository__"), repository__project_id=OuterRef("project_id"))
        .order_by("-published_at", "-id")
        .values("id")[:1]
    )
    ids = list(
        ProjectFigures.objects.filter(last_released_at__isnull=False)
        .order_by("-last_released_at", "project_id")
        .annotate(release_id=Subquery(newest))
        .values_list("release_id", flat=True)[:limit]
    )
    releases = Release.objects.filter(pk__in=ids).select_related("repository", "repository__project")
    return sorted(releases, key=lambda release: (release.published_at, release.pk), reverse=True)

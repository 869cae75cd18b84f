"""A project's top contributors: commits summed over all its repositories, exactly."""

from django.db.models import Sum

from apps.github.models import RepositoryContributor
from apps.github.models.user import people_condition


def top_contributors(repository_ids: list[int], *, limit: int = 12) -> list[dict]:
    """The people (bots and organizations left out, as in the project's contributor count) with the most
    commits over these repositories: ``{"user__login", "user__name", "total"}``, most first (1 query).

    Every contributor row of the repositories is summed, read through the (repository, contributions) index,
    so someone far down each repository's list but present in many is ranked by their true total."""
    if not repository_ids:
        return []
    return list(
        RepositoryContributor.objects.filter(people_condition("user__"), repository_id__in=repository_ids)
        .values("user_id", "user__login", "user__name")
        .annotate(total=Sum("contributions"))
        .order_by("-total", "user_id")[:limit]
    )

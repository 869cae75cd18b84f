"""A project's top contributors: commits summed over all its repositories, exactly."""

from collections.abc import Iterable

from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber

from apps.github.models import Issue, PullRequest, Repository, RepositoryContributor, RepositorySyncState, User
from apps.github.models.repository import present_condition
from apps.github.models.user import people_condition

# The key under which the sync keeps the contributor listing's page states (``RepositorySyncState.pages``):
# present once the listing was read in full.
CONTRIBUTORS_LISTING = "contributors"

# Totals read beyond ``limit`` per round, so the bots a project's list holds rarely cost a second round.
BOT_ALLOWANCE = 8


def top_contributors(
    repository_ids: list[int] | None,
    *,
    limit: int = 12,
    excluded_logins: Iterable[str] = (),
    with_full_name: bool = False,
) -> list[dict]:
    """The people (bots and organizations left out, as in the project's contributor count) with the most
    commits over these repositories (every repository when None): ``{"user_id", "user__login",
    "user__name", "user__avatar_url", "total"}``, most first. ``excluded_logins`` (case-insensitive) are
    left out too, and with ``with_full_name`` so are people whose profile gives no name.

    Every contributor row of the repositories is summed (an index scan on (repository, ...) and a hash
    aggregate), so someone far down each repository's list but present in many is ranked by their true
    total. Totals are read best first and their users loaded by primary key, round after round until
    ``limit`` people are found: 2 queries when no more than ``BOT_ALLOWANCE`` of the best are bots. (Joining
    the users before grouping makes PostgreSQL hash the whole user table: 400 ms at 10x OWASP's size.)"""
    if (repository_ids is not None and not repository_ids) or limit <= 0:
        return []
    rows_of = RepositoryContributor.objects.all()
    if repository_ids is not None:
        rows_of = rows_of.filter(repository_id__in=repository_ids)
    excluded = {login.lower() for login in excluded_logins}
    people_of = User.objects.people().only("id", "login", "name", "avatar_url")
    if with_full_name:
        people_of = people_of.exclude(name="")
    totals = rows_of.values("user_id").annotate(total=Sum("contributions")).order_by("-total", "user_id")
    rows: list[dict] = []
    start, size = 0, limit + BOT_ALLOWANCE
    while len(rows) < limit:
        batch = list(totals[start : start + size])
        people = people_of.in_bulk([row["user_id"] for row in batch])
        rows += [
            {
                "user_id": row["user_id"],
                "user__login": person.login,
                "user__name": person.name,
                "user__avatar_url": person.avatar_url,
                "total": row["total"],
            }
            for row in batch
            if (person := people.get(row["user_id"])) is not None and person.login.lower() not in excluded
        ]
        if len(batch) < size:
            break
        start, size = start + size, size * 2
    return rows[:limit]


def _ranked(rows, partition: str, limit: int) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for row in rows:
        found.setdefault(row[partition], []).append(row)
    return {key: values[:limit] for key, values in found.items()}


def top_contributors_per_repository(repository_ids: list[int], *, limit: int = 20) -> dict[int, list[dict]]:
    """Each repository's people with the most commits, as ``top_contributors`` of that repository alone gives
    them (same keys), for many repositories in 1 query (a window over their contributor rows)."""
    ids = list(repository_ids)
    if not ids or limit <= 0:
        return {repository_id: [] for repository_id in ids}
    rank = Window(RowNumber(), partition_by=[F("repository_id")], order_by=[F("contributions").desc(), F("user_id")])
    rows = (
        RepositoryContributor.objects.filter(people_condition("user__"), repository_id__in=ids)
        .annotate(rank=rank, total=F("contributions"))
        .filter(rank__lte=limit)
        .values("repository_id", "user_id", "user__login", "user__name", "user__avatar_url", "total")
        .order_by("repository_id", "rank")
    )
    found = _ranked(rows, "repository_id", limit)
    return {
        repository_id: [_unprefixed(row, "repository_id") for row in found.get(repository_id, [])]
        for repository_id in ids
    }


def top_contributors_by_project(project_ids: list[int], *, limit: int = 12) -> dict[int, list[dict]]:
    """Each project's ``top_contributors`` over its present repositories (same keys), for many projects:
    one project takes that function's two index-friendly queries; several take 1 query (totals per project
    and person, ranked by a window)."""
    ids = list(project_ids)
    if limit <= 0:
        return {project_id: [] for project_id in ids}
    if len(ids) == 1:
        repositories = Repository.objects.present().filter(project_id=ids[0]).values_list("id", flat=True)
        return {ids[0]: top_contributors(list(repositories), limit=limit)}
    project = "repository__project_id"
    rank = Window(RowNumber(), partition_by=[F(project)], order_by=[F("total").desc(), F("user_id")])
    rows = (
        RepositoryContributor.objects.filter(
            people_condition("user__"), present_condition("repository__"), repository__project_id__in=ids
        )
        .values(project, "user_id", "user__login", "user__name", "user__avatar_url")
        .annotate(total=Sum("contributions"))
        .annotate(rank=rank)
        .filter(rank__lte=limit)
        .order_by(project, "rank")
    )
    found = _ranked(rows, project, limit)
    return {project_id: [_unprefixed(row, project) for row in found.get(project_id, [])] for project_id in ids}


def _unprefixed(row: dict, partition: str) -> dict:
    return {key: value for key, value in row.items() if key not in (partition, "rank")}


def repository_contributor_totals(repository: Repository) -> dict | None:
    """How many accounts GitHub lists as the repository's contributors and their commits summed
    (``{"contributors", "commits"}``, 2 queries at most), or None while its contributor listing was never
    read: those figures are unknown then, not 0."""
    totals = RepositoryContributor.objects.filter(repository=repository).aggregate(
        contributors=Count("id"), commits=Sum("contributions")
    )
    if not totals["contributors"]:
        pages = RepositorySyncState.objects.filter(repository=repository).values_list("pages", flat=True).first()
        if not (isinstance(pages, dict) and CONTRIBUTORS_LISTING in pages):
            return None
    return {"contributors": totals["contributors"], "commits": totals["commits"] or 0}


def member_contributions(user: User) -> dict:
    """What one GitHub user did, as the member page counts it (3 queries): ``repositories`` contributed to,
    ``commits`` there (GitHub's contributor counts), ``issues`` and ``pull_requests`` opened, of which
    ``merged_pull_requests`` merged."""
    totals = RepositoryContributor.objects.filter(user=user).aggregate(
        repositories=Count("id"), commits=Sum("contributions")
    )
    pulls = PullRequest.objects.filter(author=user).aggregate(
        pull_requests=Count("id"), merged_pull_requests=Count("id", filter=Q(merged_at__isnull=False))
    )
    return {
        "repositories": totals["repositories"],
        "commits": totals["commits"] or 0,
        "issues": Issue.objects.filter(author=user).count(),
        **pulls,
    }


def member_repositories(user: User, *, limit: int = 30) -> list[RepositoryContributor]:
    """The repositories a user contributed most commits to, most first, each with its repository (1 query)."""
    return list(
        RepositoryContributor.objects.filter(user=user)
        .select_related("repository")
        .order_by("-contributions", "repository_id")[:limit]
    )

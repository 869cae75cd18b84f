"""A project's top contributors: commits summed over all its repositories, exactly."""

from django.db.models import Count, Q, Sum

from apps.github.models import Issue, PullRequest, Repository, RepositoryContributor, RepositorySyncState, User

# The key under which the sync keeps the contributor listing's page states (``RepositorySyncState.pages``):
# present once the listing was read in full.
CONTRIBUTORS_LISTING = "contributors"

# Totals read beyond ``limit`` per round, so the bots a project's list holds rarely cost a second round.
BOT_ALLOWANCE = 8


def top_contributors(repository_ids: list[int], *, limit: int = 12) -> list[dict]:
    """The people (bots and organizations left out, as in the project's contributor count) with the most
    commits over these repositories: ``{"user_id", "user__login", "user__name", "total"}``, most first.

    Every contributor row of the repositories is summed (an index scan on (repository, ...) and a hash
    aggregate), so someone far down each repository's list but present in many is ranked by their true
    total. Totals are read best first and their users loaded by primary key, round after round until
    ``limit`` people are found: 2 queries when no more than ``BOT_ALLOWANCE`` of the best are bots. (Joining
    the users before grouping makes PostgreSQL hash the whole user table: 400 ms at 10x OWASP's size.)"""
    if not repository_ids or limit <= 0:
        return []
    totals = (
        RepositoryContributor.objects.filter(repository_id__in=repository_ids)
        .values("user_id")
        .annotate(total=Sum("contributions"))
        .order_by("-total", "user_id")
    )
    rows: list[dict] = []
    start, size = 0, limit + BOT_ALLOWANCE
    while len(rows) < limit:
        batch = list(totals[start : start + size])
        people = User.objects.people().only("id", "login", "name").in_bulk([row["user_id"] for row in batch])
        rows += [
            {"user_id": row["user_id"], "user__login": person.login, "user__name": person.name, "total": row["total"]}
            for row in batch
            if (person := people.get(row["user_id"])) is not None
        ]
        if len(batch) < size:
            break
        start, size = start + size, size * 2
    return rows[:limit]


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

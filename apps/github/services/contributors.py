"""A project's top contributors: commits summed over all its repositories, exactly."""

from django.db.models import Sum

from apps.github.models import RepositoryContributor, User

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

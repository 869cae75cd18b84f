"""Contribution heatmaps: commits per day over the last year, for a project (its repositories), a page's
leaders (a chapter's, a committee's: their trusted GitHub users) and a member (one GitHub user).

Each is one grouped query over ``Commit`` rows, which the sync keeps complete per repository, so a day's
count is every commit synced for it, not a sample. Days are UTC calendar days of the authoring time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from apps.github.models import Commit, User
from apps.github.services.leaders import leader_user_ids

DEFAULT_DAYS = 365


@dataclass(frozen=True)
class Heatmap:
    """Commits per day from ``start`` to ``end`` (both included); ``counts`` holds only days with commits."""

    start: date
    end: date
    counts: dict[date, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, day: date) -> int:
        return self.counts.get(day, 0)

    def days(self) -> Iterator[tuple[date, int]]:
        """Every day of the range, oldest first, with its count (0 included)."""
        day = self.start
        while day <= self.end:
            yield day, self.counts.get(day, 0)
            day += timedelta(days=1)

    def as_dict(self) -> dict:
        """A compact, JSON-ready form: ISO dates, and only the days with commits."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "total": self.total,
            "counts": {day.isoformat(): n for day, n in sorted(self.counts.items())},
        }


def _range(days: int, today: date | None) -> tuple[date, date]:
    end = today or timezone.now().date()
    return end - timedelta(days=days - 1), end


def commit_heatmap(commits: QuerySet[Commit], *, days: int = DEFAULT_DAYS, today: date | None = None) -> Heatmap:
    """Per-day counts of the given commits within the last ``days`` days (one query)."""
    start, end = _range(days, today)
    rows = (
        commits.filter(
            authored_at__gte=datetime.combine(start, time.min, tzinfo=UTC),
            authored_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC),
        )
        .annotate(day=TruncDate("authored_at", tzinfo=UTC))
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Heatmap(start=start, end=end, counts={row["day"]: row["n"] for row in rows})


def project_heatmap(project, *, days: int = DEFAULT_DAYS, today: date | None = None) -> Heatmap:
    """Commits to any repository of the project."""
    return commit_heatmap(Commit.objects.filter(repository__project=project), days=days, today=today)


def leaders_heatmap(page, *, days: int = DEFAULT_DAYS, today: date | None = None) -> Heatmap:
    """Commits anywhere by the page's leaders whose GitHub accounts are trusted matches (a chapter's,
    a committee's or a project's leaders)."""
    return commit_heatmap(Commit.objects.filter(author_id__in=leader_user_ids(page.pk)), days=days, today=today)


chapter_heatmap = leaders_heatmap


def member_heatmap(user: User, *, days: int = DEFAULT_DAYS, today: date | None = None) -> Heatmap:
    """Commits authored by one GitHub user."""
    return commit_heatmap(Commit.objects.filter(author=user), days=days, today=today)


def _grouped_heatmaps(commits: QuerySet[Commit], key: str, keys, *, days: int, today: date | None) -> dict:
    """Per-day counts of the given commits within the last ``days`` days, grouped by ``key`` (one query)."""
    start, end = _range(days, today)
    counts: dict = {k: {} for k in keys}
    rows = (
        commits.filter(
            authored_at__gte=datetime.combine(start, time.min, tzinfo=UTC),
            authored_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC),
        )
        .annotate(day=TruncDate("authored_at", tzinfo=UTC))
        .values(key, "day")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row[key], {})[row["day"]] = row["n"]
    return {k: Heatmap(start=start, end=end, counts=values) for k, values in counts.items()}


def project_heatmaps(project_ids, *, days: int = DEFAULT_DAYS, today: date | None = None) -> dict[int, Heatmap]:
    """``project_heatmap`` of many projects, by project id (one query)."""
    ids = list(project_ids)
    commits = Commit.objects.filter(repository__project_id__in=ids)
    return _grouped_heatmaps(commits, "repository__project_id", ids, days=days, today=today)


def member_heatmaps(user_ids, *, days: int = DEFAULT_DAYS, today: date | None = None) -> dict[int, Heatmap]:
    """``member_heatmap`` of many users, by user id (one query)."""
    ids = list(user_ids)
    return _grouped_heatmaps(Commit.objects.filter(author_id__in=ids), "author_id", ids, days=days, today=today)


def leaders_heatmaps(page_ids, *, days: int = DEFAULT_DAYS, today: date | None = None) -> dict[int, Heatmap]:
    """``leaders_heatmap`` of many pages, by page id (two queries: the leaders' trusted users, then their
    commits per day); a commit of someone leading two of the pages counts for both."""
    from apps.github.models import LeaderGitHubMatch

    ids = list(page_ids)
    users_of: dict[int, set[int]] = {page_id: set() for page_id in ids}
    for page_id, user_id in (
        LeaderGitHubMatch.objects.trusted().filter(leader__page_id__in=ids).values_list("leader__page_id", "user_id")
    ):
        users_of[page_id].add(user_id)
    by_user = member_heatmaps({user for users in users_of.values() for user in users}, days=days, today=today)
    start, end = _range(days, today)
    heatmaps = {}
    for page_id, users in users_of.items():
        counts: dict[date, int] = {}
        for user_id in users:
            for day, n in by_user[user_id].counts.items():
                counts[day] = counts.get(day, 0) + n
        heatmaps[page_id] = Heatmap(start=start, end=end, counts=counts)
    return heatmaps

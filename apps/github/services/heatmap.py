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

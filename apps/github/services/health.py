"""A daily 0-100 health score per project, from its figures and the thresholds of its level.

Each check compares one figure with one threshold of ``HealthThreshold`` ("at least" or "at most") and is
worth a fixed weight; the weights add up to 100, so the score is the sum of the weights of the checks
passed. Every check's value, threshold and outcome is stored with the record, so the site can explain a
score and chart any figure over time. A figure that cannot be known (no commit, pull request or release
ever) fails its "days since" check.

``record_project_health`` writes one ``ProjectHealthRecord`` per active project and day: running it again
the same day rewrites that day's records (idempotent), never adds a second one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Case, Count, DateTimeField, F, Max, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from apps.core import changes
from apps.github.models import HealthThreshold, ProjectFigures, ProjectHealthRecord, Release
from apps.github.services.figures import refresh_project_figures
from cms.models import ProjectLevel, ProjectPage

logger = logging.getLogger(__name__)

MIN, MAX = "min", "max"


@dataclass(frozen=True)
class CheckSpec:
    """One health check: the figure it reads, the threshold field it compares with, and its weight."""

    name: str
    label: str
    threshold_field: str
    comparison: str  # MIN: value >= threshold passes; MAX: value <= threshold passes
    weight: int

    def evaluate(self, value: int | None, threshold: int) -> dict:
        if value is None:
            passed = False
        elif self.comparison == MIN:
            passed = value >= threshold
        else:
            passed = value <= threshold
        return {
            "name": self.name,
            "label": self.label,
            "value": value,
            "threshold": threshold,
            "comparison": self.comparison,
            "passed": passed,
            "weight": self.weight,
        }


CHECKS: tuple[CheckSpec, ...] = (
    CheckSpec("contributors", "Contributors", "min_contributors", MIN, 10),
    CheckSpec("forks", "Forks", "min_forks", MIN, 5),
    CheckSpec("stars", "Stars", "min_stars", MIN, 5),
    CheckSpec("recent_releases", "Recent releases", "min_recent_releases", MIN, 10),
    CheckSpec("open_pull_requests", "Open pull requests", "max_open_pull_requests", MAX, 8),
    CheckSpec("days_since_last_commit", "Days since the last commit", "max_days_since_last_commit", MAX, 15),
    CheckSpec(
        "days_since_last_pull_request", "Days since the last pull request", "max_days_since_last_pull_request", MAX, 10
    ),
    CheckSpec("days_since_last_release", "Days since the last release", "max_days_since_last_release", MAX, 10),
    CheckSpec("unanswered_issues", "Unanswered open issues", "max_unanswered_issues", MAX, 10),
    CheckSpec("unassigned_issues", "Unassigned open issues", "max_unassigned_issues", MAX, 7),
    CheckSpec("leaders", "Leaders", "min_leaders", MIN, 10),
)


@dataclass
class HealthInputs:
    """The figures one project's checks read, as of the record's day."""

    contributors: int = 0
    forks: int = 0
    stars: int = 0
    recent_releases: int = 0
    open_pull_requests: int = 0
    days_since_last_commit: int | None = None
    days_since_last_pull_request: int | None = None
    days_since_last_release: int | None = None
    unanswered_issues: int = 0
    unassigned_issues: int = 0
    leaders: int = 0

    @classmethod
    def from_figures(cls, figures: ProjectFigures | None, *, on: date, recent_releases: int = 0) -> HealthInputs:
        if figures is None:
            return cls(recent_releases=recent_releases)
        return cls(
            contributors=figures.contributors_count,
            forks=figures.forks_count,
            stars=figures.stars_count,
            recent_releases=recent_releases,
            open_pull_requests=figures.open_pull_requests_count,
            days_since_last_commit=days_between(figures.last_committed_at, on),
            days_since_last_pull_request=days_between(figures.last_pull_request_at, on),
            days_since_last_release=days_between(figures.last_released_at, on),
            unanswered_issues=figures.unanswered_issues_count,
            unassigned_issues=figures.unassigned_issues_count,
            leaders=figures.leaders_count,
        )


def days_between(moment: datetime | None, on: date) -> int | None:
    """Whole days from ``moment`` to the day ``on`` (0 for the same day; never negative)."""
    if moment is None:
        return None
    return max((on - moment.astimezone(UTC).date()).days, 0)


def evaluate(inputs: HealthInputs, threshold: HealthThreshold) -> tuple[int, list[dict]]:
    """The score and every check's result for one project's inputs against its level's thresholds."""
    checks = [spec.evaluate(getattr(inputs, spec.name), getattr(threshold, spec.threshold_field)) for spec in CHECKS]
    return sum(check["weight"] for check in checks if check["passed"]), checks


# The thresholds a level starts with (migration 0003 seeded the same values; staff edit them in the admin).
# Modelled on OWASP Nest's project health requirements, loosened where those would fail most active OWASP
# projects (open pull requests, days since the last pull request, unassigned issues), plus a leader count.
DEFAULT_THRESHOLDS: dict[str, dict[str, int]] = {
    level: dict(
        zip(
            (
                "min_contributors",
                "min_forks",
                "min_stars",
                "min_recent_releases",
                "recent_releases_window_days",
                "max_open_pull_requests",
                "max_days_since_last_commit",
                "max_days_since_last_pull_request",
                "max_days_since_last_release",
                "max_unanswered_issues",
                "max_unassigned_issues",
                "min_leaders",
            ),
            values,
            strict=True,
        )
    )
    for level, values in {
        ProjectLevel.INCUBATOR: (1, 2, 10, 0, 365, 5, 365, 180, 730, 10, 20, 1),
        ProjectLevel.LAB: (3, 5, 25, 1, 365, 8, 270, 120, 365, 8, 15, 2),
        ProjectLevel.PRODUCTION: (4, 7, 40, 1, 180, 10, 180, 90, 365, 5, 10, 2),
        ProjectLevel.FLAGSHIP: (5, 10, 50, 2, 180, 15, 90, 60, 180, 5, 10, 2),
        ProjectLevel.UNKNOWN: (1, 0, 5, 0, 365, 10, 365, 365, 730, 15, 25, 1),
    }.items()
}


def ensure_thresholds() -> dict[str, HealthThreshold]:
    """Every level's thresholds by level, creating a missing level's from the defaults (an edited row is
    never touched)."""
    thresholds = {threshold.level: threshold for threshold in HealthThreshold.objects.all()}
    for level, values in DEFAULT_THRESHOLDS.items():
        if level not in thresholds:
            thresholds[level], _ = HealthThreshold.objects.get_or_create(level=level, defaults=values)
    return thresholds


@dataclass
class HealthReport:
    """What a health run wrote: records per outcome, and the projects skipped with why."""

    date: date
    created: int = 0
    updated: int = 0
    skipped: list[dict] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.created + self.updated

    def as_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
        }


def health_projects() -> Iterable[ProjectPage]:
    """The projects that get a daily record: live and active."""
    return ProjectPage.objects.live().filter(is_active=True)


def recent_release_counts(project_ids: list[int], thresholds: dict[str, HealthThreshold], on: date) -> dict[int, int]:
    """Published releases per project within its level's window before the end of ``on`` (one query)."""
    end = datetime.combine(on + timedelta(days=1), time.min, tzinfo=UTC)
    since = Case(
        *[
            When(
                repository__project__level=level,
                then=Value(end - timedelta(days=threshold.recent_releases_window_days)),
            )
            for level, threshold in thresholds.items()
        ],
        default=Value(end),
        output_field=DateTimeField(),
    )
    rows = (
        Release.objects.filter(repository__project_id__in=project_ids, is_draft=False, published_at__lt=end)
        .filter(published_at__gte=since)
        .values("repository__project_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["repository__project_id"]: row["n"] for row in rows}


# What a day's record holds besides its key: a rerun the same day rewrites these, and reports the projects
# whose record moved.
RECORD_FIELDS = ("score", "level", "checks", "repositories_count", "synced_at")


def record_project_health(
    *,
    on: date | None = None,
    projects: Iterable[ProjectPage] | None = None,
    progress: Callable[[int], None] | None = None,
) -> HealthReport:
    """Score every active project for the day ``on`` (today, UTC) and upsert its record for that day.

    Reads the figures as ``refresh_project_figures`` last wrote them: run that first. A level without
    thresholds gets the defaults first; a project whose level is none of ``ProjectLevel`` is skipped and
    reported, never scored against another level's.
    """
    on = on or timezone.now().date()
    report = HealthReport(date=on)
    projects = list(projects if projects is not None else health_projects().only("id", "level", "title"))
    thresholds = ensure_thresholds()
    ids = [project.pk for project in projects]
    figures = ProjectFigures.objects.in_bulk(ids)
    recent = recent_release_counts(ids, thresholds, on)
    existing = {
        project_id: tuple(values)
        for project_id, *values in ProjectHealthRecord.objects.filter(project_id__in=ids, date=on).values_list(
            "project_id", *RECORD_FIELDS
        )
    }

    records = []
    for project in projects:
        threshold = thresholds.get(project.level)
        if threshold is None:
            reason = f"no health thresholds for level {project.level!r}"
            logger.warning("health: skipping project %s (%s): %s", project.pk, project.title, reason)
            report.skipped.append({"project": project.pk, "reason": reason})
            continue
        source = figures.get(project.pk)
        inputs = HealthInputs.from_figures(source, on=on, recent_releases=recent.get(project.pk, 0))
        score, checks = evaluate(inputs, threshold)
        records.append(
            ProjectHealthRecord(
                project=project,
                date=on,
                score=score,
                level=project.level,
                checks=checks,
                # How fresh the score is: its figures' source (apps.github.services.freshness.health_freshness).
                repositories_count=source.repositories_count if source else 0,
                synced_at=source.synced_at if source else None,
            )
        )
        if progress:
            progress(1)

    with transaction.atomic():
        ProjectHealthRecord.objects.bulk_create(
            records,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["project", "date"],
            update_fields=[*RECORD_FIELDS, "updated_at"],
        )
        moved = [
            r.project_id
            for r in records
            if existing.get(r.project_id) != tuple(getattr(r, name) for name in RECORD_FIELDS)
        ]
        changes.record("health", moved, sender=ProjectHealthRecord)
    report.updated = sum(1 for record in records if record.project_id in existing)
    report.created = len(records) - report.updated
    return report


def health_history(project: ProjectPage, *, days: int = 365, on: date | None = None) -> list[dict]:
    """A project's scores, oldest first, over the last ``days`` days: ``[{"date", "score", "level",
    "repositories_count", "synced_at"}]`` (the last two say how fresh each score is: ``health_freshness``)."""
    on = on or timezone.now().date()
    rows = (
        ProjectHealthRecord.objects.filter(project=project, date__gt=on - timedelta(days=days), date__lte=on)
        .order_by("date")
        .values("date", "score", "level", "repositories_count", "synced_at")
    )
    return list(rows)


def latest_health_date() -> date | None:
    """The day of the newest health records (the daily run scores every active project that day; 1 query)."""
    return ProjectHealthRecord.objects.aggregate(latest=Max("date"))["latest"]


def recent_health_records(project_ids, *, limit: int, since: date | None = None) -> dict[int, list]:
    """Each project's newest ``limit`` health records (from ``since`` on, when given), oldest first, for many
    projects in 1 query; [] for a project never scored."""
    ids = list(project_ids)
    found: dict[int, list] = {project_id: [] for project_id in ids}
    if not ids or limit <= 0:
        return found
    records = ProjectHealthRecord.objects.filter(project_id__in=ids)
    if since is not None:
        records = records.filter(date__gte=since)
    rank = Window(RowNumber(), partition_by=[F("project_id")], order_by=[F("date").desc()])
    for record in records.annotate(rank=rank).filter(rank__lte=limit).order_by("project_id", "date"):
        found[record.project_id].append(record)
    return found


def latest_checks(project: ProjectPage) -> dict | None:
    """A project's newest health record as ``{"date", "score", "level", "checks", "repositories_count",
    "synced_at"}`` (1 query), None if never scored."""
    return (
        ProjectHealthRecord.objects.filter(project=project)
        .order_by("-date")
        .values("date", "score", "level", "checks", "repositories_count", "synced_at")
        .first()
    )


def failing_records(check: str, *, on: date | None = None):
    """Records of the day ``on`` (today) whose check named ``check`` failed, lowest score first."""
    if check not in {spec.name for spec in CHECKS}:
        raise ValueError(f"unknown health check {check!r}")
    on = on or timezone.now().date()
    return ProjectHealthRecord.objects.filter(date=on).failing(check).order_by("score", "project_id")


def refresh_project_health(*, on: date | None = None) -> dict:
    """The daily run: refresh every project's figures, then record the day's health of every active project."""
    with changes.run("project health"):  # one batch of changes for both steps
        figures = refresh_project_figures()
        health = record_project_health(on=on)
    return {"figures": figures.as_dict(), "health": health.as_dict()}

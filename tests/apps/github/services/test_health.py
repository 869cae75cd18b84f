from datetime import UTC, date, datetime, timedelta

import pytest
from django_celery_beat.models import PeriodicTask

from apps.github.models import HealthThreshold, ProjectFigures, ProjectHealthRecord
from apps.github.services.figures import refresh_project_figures
from apps.github.services.health import (
    CHECKS,
    DEFAULT_THRESHOLDS,
    HealthInputs,
    evaluate,
    failing_records,
    health_history,
    record_project_health,
)
from apps.github.tasks_health import record_project_health_task
from cms.models import ProjectPage
from tests.factories import make_project, make_release, make_repository

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_owasp_data")]

TODAY = date(2026, 11, 20)
LEVELS = ["incubator", "lab", "production", "flagship", "unknown"]


def ago(days: int) -> datetime:
    return datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC) - timedelta(days=days)


def passing_inputs(threshold: HealthThreshold) -> HealthInputs:
    """Inputs exactly on every threshold: each check passes at its boundary."""
    return HealthInputs(
        contributors=threshold.min_contributors,
        forks=threshold.min_forks,
        stars=threshold.min_stars,
        recent_releases=threshold.min_recent_releases,
        open_pull_requests=threshold.max_open_pull_requests,
        days_since_last_commit=threshold.max_days_since_last_commit,
        days_since_last_pull_request=threshold.max_days_since_last_pull_request,
        days_since_last_release=threshold.max_days_since_last_release,
        unanswered_issues=threshold.max_unanswered_issues,
        unassigned_issues=threshold.max_unassigned_issues,
        leaders=threshold.min_leaders,
    )


def test_the_weights_add_up_to_100_and_every_check_has_a_threshold():
    assert sum(spec.weight for spec in CHECKS) == 100
    assert len({spec.name for spec in CHECKS}) == 11
    for spec in CHECKS:
        HealthThreshold._meta.get_field(spec.threshold_field)
        assert hasattr(HealthInputs(), spec.name)


def test_every_level_has_seeded_thresholds_stricter_as_the_level_rises():
    thresholds = {t.level: t for t in HealthThreshold.objects.all()}
    assert sorted(thresholds) == sorted(LEVELS)
    assert thresholds["flagship"].min_stars > thresholds["production"].min_stars > thresholds["lab"].min_stars
    assert thresholds["flagship"].max_days_since_last_commit < thresholds["incubator"].max_days_since_last_commit


@pytest.mark.parametrize("level", LEVELS)
def test_score_per_level_with_each_checks_result(level):
    threshold = HealthThreshold.objects.get(level=level)

    score, checks = evaluate(passing_inputs(threshold), threshold)
    assert score == 100
    assert [check["name"] for check in checks] == [spec.name for spec in CHECKS]
    assert all(check["passed"] for check in checks)

    failing = passing_inputs(threshold)
    failing.contributors = threshold.min_contributors - 1  # one below the minimum
    failing.days_since_last_commit = threshold.max_days_since_last_commit + 1  # one day too many
    failing.days_since_last_release = None  # never released: cannot pass
    score, checks = evaluate(failing, threshold)
    by_name = {check["name"]: check for check in checks}
    assert score == 100 - 10 - 15 - 10
    assert by_name["contributors"] == {
        "name": "contributors",
        "label": "Contributors",
        "value": threshold.min_contributors - 1,
        "threshold": threshold.min_contributors,
        "comparison": "min",
        "passed": False,
        "weight": 10,
    }
    assert by_name["days_since_last_commit"]["comparison"] == "max"
    assert by_name["days_since_last_commit"]["passed"] is False
    assert by_name["days_since_last_release"]["value"] is None
    assert by_name["days_since_last_release"]["passed"] is False

    assert evaluate(HealthInputs(), threshold)[0] == sum(
        spec.weight
        for spec in CHECKS
        if (spec.comparison == "max" and not spec.name.startswith("days_since"))
        or (spec.comparison == "min" and getattr(threshold, spec.threshold_field) == 0)
    )


def test_the_same_figures_score_differently_per_level_and_every_check_is_stored():
    projects = {level: make_project(level.title(), level=level) for level in LEVELS}
    for project in projects.values():
        ProjectFigures.objects.create(
            project=project,
            contributors_count=4,
            forks_count=6,
            stars_count=30,
            open_pull_requests_count=9,
            unanswered_issues_count=6,
            unassigned_issues_count=12,
            leaders_count=2,
            last_committed_at=ago(100),
            last_pull_request_at=ago(70),
            last_released_at=ago(200),
            refreshed_at=ago(0),
        )
        make_release(make_repository(project=project), published_at=ago(200))

    report = record_project_health(on=TODAY)

    assert (report.created, report.updated, report.skipped) == (5, 0, [])
    for level, project in projects.items():
        record = ProjectHealthRecord.objects.get(project=project, date=TODAY)
        threshold = HealthThreshold.objects.get(level=level)
        assert record.level == level
        assert len(record.checks) == len(CHECKS)
        expected = 0
        for check in record.checks:
            spec = next(spec for spec in CHECKS if spec.name == check["name"])
            assert check["threshold"] == getattr(threshold, spec.threshold_field)
            value = check["value"]
            passed = value >= check["threshold"] if spec.comparison == "min" else value <= check["threshold"]
            assert check["passed"] is passed
            expected += spec.weight if passed else 0
        assert record.score == expected
        values = {check["name"]: check["value"] for check in record.checks}
        assert values["days_since_last_commit"] == 100
        assert values["stars"] == 30
        # A release 200 days ago is recent in a 365-day window, not in a 180-day one.
        assert values["recent_releases"] == (1 if threshold.recent_releases_window_days >= 200 else 0)
    scores = {level: ProjectHealthRecord.objects.get(project=project).score for level, project in projects.items()}
    assert scores["incubator"] > scores["flagship"]


def test_one_record_per_project_and_day_however_often_it_runs():
    project = make_project(level="lab")
    refresh_project_figures()

    first = record_project_health(on=TODAY)
    again = record_project_health(on=TODAY)
    assert (first.created, again.created, again.updated) == (1, 0, 1)
    assert ProjectHealthRecord.objects.filter(project=project).count() == 1

    ProjectFigures.objects.filter(project=project).update(stars_count=10_000, forks_count=10_000)
    record_project_health(on=TODAY)
    record = ProjectHealthRecord.objects.get(project=project, date=TODAY)
    assert {c["name"]: c["value"] for c in record.checks}["stars"] == 10_000

    record_project_health(on=TODAY + timedelta(days=1))
    assert ProjectHealthRecord.objects.filter(project=project).count() == 2
    assert [row["date"] for row in health_history(project, on=TODAY + timedelta(days=1))] == [
        TODAY,
        TODAY + timedelta(days=1),
    ]


def test_inactive_and_unpublished_projects_get_no_record_and_unknown_levels_are_reported():
    active = make_project("Active", level="lab")
    make_project("Inactive", level="lab", is_active=False)
    draft = make_project("Draft", level="lab")
    draft.unpublish()
    legacy = make_project("Legacy", level="lab")
    ProjectPage.objects.filter(pk=legacy.pk).update(level="legacy")  # a value no longer among the choices

    report = record_project_health(on=TODAY)

    assert list(ProjectHealthRecord.objects.values_list("project_id", flat=True)) == [active.pk]
    assert report.skipped == [{"project": legacy.pk, "reason": "no health thresholds for level 'legacy'"}]


def test_a_level_without_thresholds_gets_the_defaults_and_edited_ones_are_kept():
    HealthThreshold.objects.filter(level="flagship").delete()  # e.g. a test database flushed after migrating
    HealthThreshold.objects.filter(level="lab").update(min_stars=999)
    flagship = make_project("Flagship", level="flagship")

    record_project_health(on=TODAY)

    assert HealthThreshold.objects.get(level="lab").min_stars == 999
    restored = HealthThreshold.objects.get(level="flagship")
    assert restored.min_stars == DEFAULT_THRESHOLDS["flagship"]["min_stars"]
    assert ProjectHealthRecord.objects.filter(project=flagship).exists()


def test_the_seeded_thresholds_are_the_defaults():
    for level, values in DEFAULT_THRESHOLDS.items():
        threshold = HealthThreshold.objects.get(level=level)
        assert {name: getattr(threshold, name) for name in values} == values


def test_failing_records_name_the_projects_failing_one_check():
    weak, strong = make_project("Weak", level="lab"), make_project("Strong", level="lab")
    ProjectFigures.objects.create(project=strong, leaders_count=5, refreshed_at=ago(0))
    ProjectFigures.objects.create(project=weak, leaders_count=0, refreshed_at=ago(0))
    record_project_health(on=TODAY)

    assert [record.project_id for record in failing_records("leaders", on=TODAY)] == [weak.pk]
    with pytest.raises(ValueError, match="unknown health check"):
        failing_records("nonsense")


def test_the_daily_task_refreshes_figures_then_records_today():
    project = make_project(level="incubator")
    make_repository(project=project, stars_count=12)

    result = record_project_health_task.apply(kwargs={"on": TODAY.isoformat()}).get()

    assert result["figures"] == {"projects": 1, "with_repositories": 1}
    assert result["health"]["created"] == 1
    record = ProjectHealthRecord.objects.get(project=project, date=TODAY)
    assert {c["name"]: c["value"] for c in record.checks}["stars"] == 12


def test_beat_runs_health_and_leader_matching_daily():
    rows = {task.task: task for task in PeriodicTask.objects.filter(task__startswith="github.")}
    for name in ("github.record_project_health", "github.match_leaders"):
        assert rows[name].enabled
        assert rows[name].crontab.hour != "*" and rows[name].crontab.day_of_month == "*"

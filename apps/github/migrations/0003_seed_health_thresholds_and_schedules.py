"""Default health thresholds per project level, and the daily beat rows of the health and leader tasks.

The thresholds are modelled on OWASP Nest's project health requirements (owasp_update_project_health_requirements),
loosened where its values would fail most active OWASP projects (open pull requests, days since the last pull
request, unassigned issues) and with a minimum leader count (OWASP asks two leaders of lab projects and up).
Staff edit them in the admin afterwards; this migration never overwrites an edited row.
"""

from django.db import migrations

THRESHOLDS = {
    # level: contributors, forks, stars, recent releases, window days, open PRs, days since commit, PR, release,
    #        unanswered issues, unassigned issues, leaders
    "incubator": (1, 2, 10, 0, 365, 5, 365, 180, 730, 10, 20, 1),
    "lab": (3, 5, 25, 1, 365, 8, 270, 120, 365, 8, 15, 2),
    "production": (4, 7, 40, 1, 180, 10, 180, 90, 365, 5, 10, 2),
    "flagship": (5, 10, 50, 2, 180, 15, 90, 60, 180, 5, 10, 2),
    "unknown": (1, 0, 5, 0, 365, 10, 365, 365, 730, 15, 25, 1),
}
FIELDS = (
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
)
SCHEDULES = {
    # name: (task, hour, minute, description)
    "Project health (daily)": (
        "github.record_project_health",
        "4",
        "30",
        "Refreshes every project's figures from its repositories and records today's health score.",
    ),
    "Leader GitHub matching (daily)": (
        "github.match_leaders",
        "4",
        "0",
        "Matches leaders to GitHub users (exact login, then name); staff review the matches in the admin.",
    ),
}


def seed(apps, schema_editor):
    HealthThreshold = apps.get_model("github", "HealthThreshold")
    for level, values in THRESHOLDS.items():
        HealthThreshold.objects.get_or_create(level=level, defaults=dict(zip(FIELDS, values, strict=True)))

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (task, hour, minute, description) in SCHEDULES.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
        )
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "enabled": True, "description": description}
        )


def unseed(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=list(SCHEDULES)).delete()
    apps.get_model("github", "HealthThreshold").objects.filter(level__in=list(THRESHOLDS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("github", "0002_project_health"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]

"""Beat rows of the GitHub sync: incremental every hour, full every night (before the 04:00 health tasks).

An incremental run with nothing changed costs one conditional request for the organization and one per
hundred repositories, all answered 304; the nightly full run asks every repository's listings
conditionally. Staff can change or disable the rows in the admin; this migration never overwrites them.
"""

from django.db import migrations

SCHEDULES = {
    # name: (minute, hour, kwargs, description)
    "GitHub sync (hourly, incremental)": (
        "17",
        "*",
        "{}",
        "Syncs the organization's repositories that changed since the last run (issues since the last update).",
    ),
    "GitHub sync (nightly, full)": (
        "41",
        "3",
        '{"full": true}',
        "Reads every repository's issues, releases, labels, contributors and commits (conditionally: 304s).",
    ),
}


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (minute, hour, kwargs, description) in SCHEDULES.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
        )
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={
                "task": "github.sync_github",
                "crontab": crontab,
                "kwargs": kwargs,
                "enabled": True,
                "description": description,
            },
        )


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("github", "0003_seed_health_thresholds_and_schedules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]

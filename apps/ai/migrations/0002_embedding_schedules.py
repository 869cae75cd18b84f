"""The embedding schedules as django-celery-beat rows: pending contexts every 15 minutes (a provider switch
is carried on by the same run), and a full refresh of every context nightly, after the OWASP sync."""

from django.db import migrations

PENDING, NIGHTLY = "AI embeddings: pending", "AI embeddings: full refresh"


def create_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_15, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="4", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name=PENDING,
        defaults={
            "task": "ai.embed",
            "interval": every_15,
            "crontab": None,
            "kwargs": '{"refresh": false}',
            "enabled": True,
            "description": "Embeds new and changed pages, repositories and open issues with the configured "
            "provider; after a provider switch, re-embeds everything while retrieval keeps the old model.",
        },
    )
    PeriodicTask.objects.update_or_create(
        name=NIGHTLY,
        defaults={
            "task": "ai.embed",
            "crontab": nightly,
            "interval": None,
            "kwargs": '{"refresh": true}',
            "enabled": True,
            "description": "Re-reads every page, repository and open issue, re-hashes their text and embeds "
            "what changed (catches any change no signal announced).",
        },
    )


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[PENDING, NIGHTLY]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ai", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]

"""The snapshot safety net as a django-celery-beat row: every 10 minutes, build the snapshots still due (a queued
build lost with its broker message, or abandoned by a dead worker). Staff can change or pause it in the admin;
this migration never overwrites the row."""

from django.db import migrations

TASK_NAME = "OWASP snapshots"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_ten_minutes, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "owasp.snapshots.process",
            "interval": every_ten_minutes,
            "enabled": True,
            "description": "Builds the community snapshots that are pending or were left processing for an hour.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("owasp", "0004_snapshots"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]

"""The workspace sync's beat schedule as a django-celery-beat row, so staff see and change it in the admin."""

from django.db import migrations

TASK_NAME = "Slack workspace sync"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="40", hour="3", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={
            "task": "slack.sync_workspace",
            "crontab": nightly,
            "interval": None,
            "enabled": True,
            "description": "Members and public channels of each Slack workspace NestBot serves, and their "
            "suggested GitHub users and pages (staff review them in the admin).",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("slack", "0002_seed_texts"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]

"""The daily OWASP data sync as a django-celery-beat row, so staff can see, change or pause it in the admin."""

from django.db import migrations

TASK_NAME = "OWASP data sync"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="3", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={
            "task": "owasp.sync",
            "crontab": nightly,
            "interval": None,
            "enabled": True,
            "description": "Creates and updates OWASP project, chapter, committee and event pages and sponsors "
            "from NEST_DATA_DIR; never overwrites a field an editor changed.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("owasp", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]

"""The typo vocabulary's nightly rebuild as a django-celery-beat row (04:30, after the nightly GitHub sync):
documents written during the day add their new words at once, this sets every word's frequency right and
drops words no document holds any more. Staff can change or pause it in the admin; never overwritten here."""

from django.db import migrations

TASK_NAME = "Search vocabulary (nightly)"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="4", day_of_week="*", day_of_month="*", month_of_year="*"
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "search.rebuild_vocabulary",
            "crontab": nightly,
            "enabled": True,
            "description": "Rebuilds the search's typo-correction vocabulary from the indexed documents.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_partial_vector_indexes"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]

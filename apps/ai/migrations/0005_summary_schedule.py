"""The issue summaries' schedule as a django-celery-beat row: hourly, after the GitHub sync's runs; each run
is capped by NEST_AI_SUMMARY_MAX_ISSUES and NEST_AI_SUMMARY_MAX_TOKENS."""

from django.db import migrations

NAME = "AI issue summaries"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    hourly, _ = CrontabSchedule.objects.get_or_create(
        minute="40", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": "ai.summarize",
            "crontab": hourly,
            "interval": None,
            "kwargs": "{}",
            "enabled": True,
            "description": "Summaries and how-to-start hints of the open issues that changed, written by the "
            "OpenAI chat model (a no-op without one), capped in issues and tokens per run.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ai", "0004_issue_summaries"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]

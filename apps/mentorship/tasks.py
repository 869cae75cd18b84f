"""Celery tasks of mentorship (Celery's autodiscovery imports this module)."""

from celery import shared_task

from apps.mentorship.services.tasks import refresh_tasks


@shared_task(name="mentorship.refresh_tasks")
def refresh_mentorship_tasks_task() -> dict:
    """Tasks from the labelled issues of each published module's project, their statuses following GitHub."""
    return refresh_tasks().as_dict()

"""Celery tasks of the GitHub app (Celery's autodiscovery imports this module)."""

from apps.github.tasks_health import match_leaders_task, record_project_health_task
from apps.github.tasks_sync import sync_github_task, sync_profiles_task, sync_repository_task

__all__ = [
    "match_leaders_task",
    "record_project_health_task",
    "sync_github_task",
    "sync_profiles_task",
    "sync_repository_task",
]

"""Daily tasks of project health and leader matching (beat rows: migration 0003 of this app)."""

from datetime import date

from celery import shared_task

from apps.github.services.health import refresh_project_health
from apps.github.services.leaders import match_leaders


@shared_task(name="github.record_project_health")
def record_project_health_task(on: str | None = None) -> dict:
    """Refresh project figures, then record each active project's health for ``on`` (ISO date; today)."""
    return refresh_project_health(on=date.fromisoformat(on) if on else None)


@shared_task(name="github.match_leaders")
def match_leaders_task() -> dict:
    """Match leaders to GitHub users; reviewed matches are left alone."""
    return match_leaders().as_dict()

from celery import shared_task

from apps.core.services.heartbeat import beat


@shared_task(name="core.heartbeat", ignore_result=False)
def heartbeat_task() -> str:
    """Record that the worker ran a scheduled job (beat runs it every minute)."""
    return beat().isoformat()

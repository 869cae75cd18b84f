from datetime import datetime

from django.db.models import F
from django.utils import timezone

from apps.core.models import Heartbeat

HEARTBEAT_NAME = "celery"


def beat(name: str = HEARTBEAT_NAME) -> datetime:
    """Record one run of the heartbeat job and return its time."""
    now = timezone.now()
    updated = Heartbeat.objects.filter(name=name).update(last_run_at=now, runs=F("runs") + 1)
    if not updated:
        Heartbeat.objects.get_or_create(name=name, defaults={"last_run_at": now, "runs": 1})
    return now


def last_beat(name: str = HEARTBEAT_NAME) -> Heartbeat | None:
    return Heartbeat.objects.filter(name=name).first()

"""Test-only tasks the broker tests' workers load (``celery worker --include tests.nest.celery_probe``).

They touch neither the database nor the cache, so a worker runs them on any broker without the test data.
"""

import os
import time
from pathlib import Path

from celery import shared_task


@shared_task(name="tests.probe.echo", bind=True)
def echo(self, value):
    """Return what was sent, with the worker's pid and whether the broker flagged the message as redelivered."""
    return {"value": value, "pid": os.getpid(), "redelivered": bool(self.request.delivery_info.get("redelivered"))}


@shared_task(name="tests.probe.hang_first", bind=True)
def hang_first(self, marker: str, hang_seconds: float = 60.0):
    """The first delivery writes its pid to ``marker`` and hangs (the test kills that worker); any later delivery
    returns at once. The marker keeps every delivery's pid, one a line."""
    path = Path(marker)
    first = not path.exists()
    with path.open("a") as out:
        out.write(f"{os.getpid()}\n")
    if first:
        time.sleep(hang_seconds)
    return {
        "pid": os.getpid(),
        "deliveries": len(path.read_text().split()),
        "redelivered": bool(self.request.delivery_info.get("redelivered")),
    }

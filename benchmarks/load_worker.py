"""The Celery app of ``benchmarks/load.py``'s worker: Nest's own app (``nest.celery``, every task of the apps)
with the delivery options the fault run needs, and one probe task it can kill a worker in the middle of.

Started as ``celery -A benchmarks.load_worker worker``. The options are set on ``app.conf`` before the app is
finalized, so every task (``owasp.sync`` included) is bound with them:

- ``LOAD_ACKS_LATE=1`` (the default): ``task_acks_late`` and ``task_reject_on_worker_lost``, as Nest's settings
  set them. A message is acknowledged when its task has finished, not when a worker took it, so a worker
  killed mid-task leaves it unacknowledged and the broker hands it to the next worker. ``LOAD_ACKS_LATE=0``
  turns both off (Celery's defaults), to show that a killed task is then lost.
- ``LOAD_VISIBILITY_TIMEOUT`` (seconds): how long the Redis transport waits before it gives an unacknowledged
  message to another worker (kombu's default is an hour). It must exceed the longest task, or a task still
  running is handed out a second time; ``unacked_restore_interval`` is how often a worker looks.
"""

import os
import time

import redis

from nest.celery import app

acks_late = os.environ.get("LOAD_ACKS_LATE", "1") == "1"
app.conf.task_acks_late = acks_late
app.conf.task_reject_on_worker_lost = acks_late
app.conf.worker_prefetch_multiplier = 1
app.conf.broker_transport_options = {
    "visibility_timeout": float(os.environ.get("LOAD_VISIBILITY_TIMEOUT", "5")),
    "unacked_restore_interval": 1,
}


@app.task(name="load.probe")
def probe_task(key: str, hold: float) -> int:
    """Count a start in Redis under ``key``, hold for ``hold`` seconds, count a finish; returns the starts.

    The counters live in the load run's own Redis (the broker), so they survive the worker that is killed.
    """
    counters = redis.Redis.from_url(app.conf.broker_url)
    starts = counters.incr(f"{key}:starts")
    time.sleep(hold)
    counters.incr(f"{key}:finishes")
    return starts

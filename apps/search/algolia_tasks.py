"""Celery tasks of the Algolia backend: the incremental saves and deletions of records, each retried with
exponential backoff while Algolia (or the way to it) fails (the full replacement runs in the search service's
``reindex_task`` and the ``algolia_reindex`` command).

The backend enqueues them once the indexing transaction committed (``documents_changed`` and
``documents_removed``). A save reads the rows when it runs, so a task that runs late or is retried sends what
the table holds then. Registered with the worker through ``CELERY_IMPORTS`` (the app's ``tasks`` module is the
search service's own).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

logger = logging.getLogger(__name__)

# Ids per task message: a big sync becomes several tasks of a few batch requests each.
TASK_CHUNK = 5000
BACKOFF_BASE_SECONDS = 2
BACKOFF_MAX_SECONDS = 600


def backoff(retries: int) -> int:
    """Seconds before the next try after ``retries`` retries: 2, 4, 8 … at most ten minutes."""
    return min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS ** (retries + 1))


def _run(task, function, argument):
    from apps.search.backends.algolia import RETRYABLE, _message

    try:
        return function(argument)
    except RETRYABLE as exc:
        retries = task.request.retries
        if retries >= settings.ALGOLIA_MAX_RETRIES:
            logger.error("algolia: %s gave up after %s retries: %s", task.name, retries, _message(exc))
            raise
        countdown = backoff(retries)
        logger.warning("algolia: %s failed (%s); retry %s in %s s", task.name, _message(exc), retries + 1, countdown)
        raise task.retry(exc=exc, countdown=countdown, max_retries=settings.ALGOLIA_MAX_RETRIES) from exc


@shared_task(bind=True, name="search.algolia_save_documents")
def save_documents_task(self, document_ids: list[int]) -> int:
    """Save the Algolia records of these SearchDocument rows; returns how many were sent."""
    from apps.search.backends.algolia import save_documents

    return _run(self, save_documents, document_ids)


@shared_task(bind=True, name="search.algolia_delete_records")
def delete_records_task(self, refs: list[list]) -> int:
    """Delete the Algolia records of these [type, object id] documents; returns how many."""
    from apps.search.backends.algolia import delete_records

    return _run(self, delete_records, [tuple(ref) for ref in refs])


def enqueue(task, argument) -> None:
    """Send the task; with no broker, run it here (a stale index is worse than a slower request), and if
    Algolia fails too, log it: the next full reindex puts the index right."""
    from apps.search.backends.algolia import RETRYABLE, _message

    try:
        task.delay(argument)
        return
    except Exception as exc:  # noqa: BLE001 - kombu's and redis's connection errors alike
        logger.warning("algolia: no broker for %s (%s); running it now", task.name, exc)
    try:
        task(argument)
    except RETRYABLE as exc:
        logger.error("algolia: %s failed and no broker to retry it: %s", task.name, _message(exc))

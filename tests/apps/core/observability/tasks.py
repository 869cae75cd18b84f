"""Celery tasks only these tests run: one that logs a line and returns the request id it ran under, one that
fails with personal data in its message."""

import logging

from celery import shared_task

from apps.core.observability import request_id

logger = logging.getLogger("nest.tests.observability")


@shared_task(name="tests.observability.log_line")
def log_line_task(text: str) -> str:
    logger.info("task says %s", text)
    return request_id.get()


@shared_task(name="tests.observability.fail")
def failing_task(email: str) -> None:
    raise ValueError(f"could not notify {email} with token=task-secret-value")

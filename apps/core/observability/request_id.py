"""One id per request, in every log line the request writes and in those of the Celery tasks it queues.

The middleware takes the caller's ``X-Request-ID`` (a load balancer's or a client's) when it looks like an id,
else makes one, and returns it in the response. It lives in a context variable, so threads and tasks never see
another request's; ``RequestIdFilter`` (apps.core.log_filters) copies it onto each log record. Publishing a task
copies it into the message headers and the worker puts it back while the task runs; a task nobody's request
queued (beat's) runs under its own task id.
"""

import re
import uuid
from contextvars import ContextVar

from celery import signals

HEADER = "X-Request-ID"
TASK_HEADER = "nest_request_id"
# Letters, digits and . _ : - up to 128 characters: UUIDs, AWS and Heroku ids pass; anything else (spaces,
# quotes, newlines that would forge log lines) is replaced by a fresh id.
VALID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

_current: ContextVar[str] = ContextVar("nest_request_id", default="")


def get() -> str:
    """The current request's (or task's) id; empty outside both."""
    return _current.get()


def new_id() -> str:
    return uuid.uuid4().hex


def accept(value: str | None) -> str:
    """``value`` when it is a well-formed id, else a new one."""
    return value if value and VALID.fullmatch(value) else new_id()


class RequestIdMiddleware:
    """Outermost: every later middleware's and view's log lines carry the id, and so does the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = accept(request.headers.get(HEADER))
        token = _current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request.request_id
        return response


def _add_to_headers(sender=None, headers=None, **kwargs) -> None:
    current = get()
    if current and headers is not None and TASK_HEADER not in headers:
        headers[TASK_HEADER] = current


def _restore(sender=None, task_id=None, task=None, **kwargs) -> None:
    incoming = getattr(task.request, TASK_HEADER, None) if task is not None else None
    task.request.nest_request_id_token = _current.set(accept(incoming) if incoming else task_id or new_id())


def _clear(sender=None, task=None, **kwargs) -> None:
    token = getattr(task.request, "nest_request_id_token", None) if task is not None else None
    if token is not None:
        try:
            _current.reset(token)
        except ValueError:  # ended in another context than it started (a pool that hops threads)
            _current.set("")


def connect_celery_signals() -> None:
    """Idempotent (``dispatch_uid``): ``setup`` may run more than once in a process (tests)."""
    signals.before_task_publish.connect(_add_to_headers, weak=False, dispatch_uid="nest.request_id.publish")
    signals.task_prerun.connect(_restore, weak=False, dispatch_uid="nest.request_id.prerun")
    signals.task_postrun.connect(_clear, weak=False, dispatch_uid="nest.request_id.postrun")

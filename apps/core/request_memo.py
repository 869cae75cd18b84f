"""A memo that lives for one request: what the request has read from the cache once, it does not read again.

A public page reads the same counters and lists from Redis several times (the site data version for each
fragment, a group's version for the page and again for each fragment, the view-restricted paths for routing and
again for each listing). Inside a request (``RequestMemoMiddleware``) they are read once, which also gives the
request one consistent view of them. Outside one (Celery tasks, commands, the shell) nothing is kept and every
read goes to the cache.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("nest_request_memo", default=None)


def current() -> dict | None:
    """The current request's memo, or None outside a request."""
    return _memo.get()


def forget(*keys: str) -> None:
    """Drop ``keys`` from the memo (the request itself changed them)."""
    memo = _memo.get()
    if memo is not None:
        for key in keys:
            memo.pop(key, None)


@contextmanager
def scope() -> Iterator[dict]:
    token = _memo.set({})
    try:
        yield _memo.get()
    finally:
        _memo.reset(token)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with scope():
            return self.get_response(request)

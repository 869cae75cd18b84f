"""Read-only queries to a streaming replica (``DATABASE_REPLICA_URL``), with read-your-writes.

The rule, in order:

1. Without a "replica" database configured, everything uses "default" (the router answers None).
2. Only a web request may read from the replica, and only a GET, HEAD or OPTIONS one outside Wagtail's admin
   and Django's admin (``NEST_PRIMARY_PATHS``): editors see what they just saved, and a form's POST validates
   against the primary. Celery tasks, ``manage.py`` commands (migrations among them) and the shell never do:
   sync reads what it is about to write.
3. Inside such a request, reads inside an atomic block go to "default" (a transaction sees its own writes),
   and the first write pins the rest of the request to "default".
4. A request that wrote sets a short cookie (``NEST_REPLICA_PIN_SECONDS``); the same browser's next requests
   read from "default" until it expires, so a redirect after a POST never shows the page from before the write
   while the replica catches up (replication lag is usually well under a second).

Migrations run on "default" only; the replica gets their effect by replication.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "nest_db_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class _Routing:
    replica_reads: bool
    wrote: bool = False


# The current request's routing; None outside a request (tasks, commands): every query uses "default".
_routing: ContextVar[_Routing | None] = ContextVar("nest_db_routing", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def replica_reads(enabled: bool = True):
    """Let the reads of this block (a safe request) go to the replica until the block writes; yields the state
    (``wrote`` says whether it did)."""
    state = _Routing(replica_reads=enabled)
    token = _routing.set(state)
    try:
        yield state
    finally:
        _routing.reset(token)


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry: reads to "replica" under the rule above, writes and migrations to "default"."""

    def db_for_read(self, model, **hints):
        if not replica_configured():
            return None
        state = _routing.get()
        if state is None or not state.replica_reads or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        state = _routing.get()
        if state is not None:
            state.replica_reads, state.wrote = False, True
        # Explicitly: a row read from the replica would otherwise be saved back "using" the replica.
        return DEFAULT_DB_ALIAS if replica_configured() else None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows: a row read there may be related to one read from the primary.
        aliases = {DEFAULT_DB_ALIAS, REPLICA}
        return True if {obj1._state.db, obj2._state.db} <= aliases else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


class ReplicaReadsMiddleware:
    """Applies the rule to each request (high in MIDDLEWARE, so the session, user and page reads follow it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        enabled = (
            request.method in SAFE_METHODS
            and PIN_COOKIE not in request.COOKIES
            and not request.path.startswith(tuple(settings.NEST_PRIMARY_PATHS))
        )
        with replica_reads(enabled) as state:
            response = self.get_response(request)
        if state.wrote:
            response.set_cookie(
                PIN_COOKIE, "1", max_age=settings.NEST_REPLICA_PIN_SECONDS, httponly=True, samesite="Lax",
                secure=request.is_secure(),
            )  # fmt: skip
        return response

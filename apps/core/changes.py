"""What a sync run or a job changed, told to listeners once, after commit, by kind.

A run (``with changes.run("owasp sync"):``) collects the ids each writer records and, when it ends, sends one
``data_changed`` per kind on commit; a run that changed nothing sends nothing. Writers call :func:`record`
inside the transaction that writes the rows: the ids join the run only if that transaction commits. Outside
any run, :func:`record` sends its own signal once the transaction commits. Runs nest: an inner run joins the
outer one, so a job made of several steps is still one batch.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction

from apps.core.signals import data_changed

logger = logging.getLogger(__name__)


@dataclass
class Changes:
    """The ids changed so far in one run, by kind (with the model class that sends each kind)."""

    name: str
    batch: str = field(default_factory=lambda: uuid.uuid4().hex)
    ids: dict[str, set] = field(default_factory=dict)
    senders: dict[str, type | None] = field(default_factory=dict)

    def add(self, kind: str, ids: Iterable, sender: type | None = None) -> None:
        ids = set(ids)
        if not ids:
            return
        self.ids.setdefault(kind, set()).update(ids)
        self.senders.setdefault(kind, sender)

    def __bool__(self) -> bool:
        return bool(self.ids)

    def send(self) -> None:
        """Send one ``data_changed`` per kind, now (nothing when nothing changed)."""
        for kind, ids in self.ids.items():
            logger.debug("%s: %s %s changed", self.name, len(ids), kind)
            answers = data_changed.send_robust(
                sender=self.senders.get(kind), kind=kind, ids=frozenset(ids), batch=self.batch
            )
            for receiver, answer in answers:
                if isinstance(answer, Exception):  # a listener's failure must not fail the run that committed
                    logger.error("%s: data_changed listener %r failed: %r", self.name, receiver, answer)


_current: ContextVar[Changes | None] = ContextVar("nest_changes_run", default=None)


def current() -> Changes | None:
    """The run in progress in this thread (or task), if any."""
    return _current.get()


def in_run() -> bool:
    return _current.get() is not None


@contextmanager
def run(name: str, *, batch: str = "") -> Iterator[Changes]:
    """Collect what the block changes; on leaving it (even by an exception), announce it once committed.

    ``batch``: announce as part of that earlier batch (a listener's follow-on writes, e.g. the search index
    written because of a sync's change), so listeners that act once per batch do not act again."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    changes = Changes(name, batch=batch) if batch else Changes(name)
    token = _current.set(changes)
    try:
        yield changes
    finally:
        _current.reset(token)
        # After the writers' own callbacks (they run in order), which add their ids to the run once committed.
        transaction.on_commit(changes.send)


def record(kind: str, ids: Iterable, *, sender: type | None = None) -> None:
    """Note that the objects ``ids`` of ``kind`` changed in the current transaction (once it commits)."""
    ids = frozenset(ids)
    if not ids:
        return
    changes = _current.get()
    if changes is None:
        changes = Changes(f"{kind} change")
        changes.add(kind, ids, sender)
        transaction.on_commit(changes.send)
    else:
        transaction.on_commit(partial(changes.add, kind, ids, sender))

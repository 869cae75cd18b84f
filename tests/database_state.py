"""The test database's two known states, kept in memory once per run and put back when a flush erased them.

``migrated``: what the migrations leave (page tree, health thresholds, ...). ``synced``: that plus the real
``sync_owasp`` of the data folder. Transactional tests end with a flush of every table; the next test that
needs either state gets it back by COPY instead of a new sync.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction


@dataclass
class Snapshot:
    """The rows of every Django table, as PostgreSQL's binary COPY output."""

    name: str
    tables: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def take(cls, name: str) -> "Snapshot":
        snapshot = cls(name)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            for table in _tables():
                with raw.copy(f'COPY "{table}" TO STDOUT (FORMAT BINARY)') as copy:
                    snapshot.tables[table] = b"".join(bytes(chunk) for chunk in copy)
        return snapshot

    def restore(self) -> None:
        """Empty every table and load this snapshot in one transaction (foreign keys are checked at commit)."""
        tables = _tables()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in tables))
            raw = cursor.cursor
            for table in tables:
                with raw.copy(f'COPY "{table}" FROM STDIN (FORMAT BINARY)') as copy:
                    copy.write(self.tables[table])
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check now: a later TRUNCATE in this transaction
        # Sequences are left alone: they only move forward (a flush does not reset them) and a setval is not
        # rolled back with the test's transaction, so new rows never take a snapshot's ids.


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


@dataclass
class DatabaseStates:
    """The run's snapshots and which of them the database holds now (``None``: unknown, e.g. after a flush)."""

    migrated: Snapshot
    synced: Snapshot
    report: object = None  # the SyncReport of the run's sync_owasp, and how long it took
    seconds: float = 0.0
    current: str | None = "synced"

    def ensure(self, name: str) -> None:
        if self.current != name:
            getattr(self, name).restore()
            self.current = name

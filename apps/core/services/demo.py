"""Demo mode: a database of generated GitHub data (``make demo``), kept apart from real data.

``NEST_DEMO`` says what this process expects; the database's ``DatabaseMode`` row says what it holds. A sync
runs only when both agree, so a demo never writes into a real database and a real sync never into a demo one.
"""

from django.conf import settings

from apps.core import changes
from apps.core.models import DatabaseMode


class DemoMismatch(Exception):  # noqa: N818 - named for the situation the caller reports
    """This process and its database disagree on whether they are a demo."""


def is_demo_database() -> bool:
    """True when the database was marked as holding demo data (1 query)."""
    return DatabaseMode.objects.filter(demo=True).exists()


def mark_demo_database(*, holds_real_data: bool) -> None:
    """Mark the database as a demo one; refuse one that already holds real data (``holds_real_data``, told by
    the caller who knows what real data is) or was marked real."""
    if is_demo_database():
        return
    if holds_real_data or DatabaseMode.objects.filter(demo=False).exists():
        raise DemoMismatch(
            "this database holds real data: the demo needs a database of its own (make demo uses .pgdata-demo)"
        )
    mode = DatabaseMode.objects.create(demo=True)
    changes.record("database_mode", [mode.pk], sender=DatabaseMode)  # pages now carry the demo banner


def check_sync_allowed() -> None:
    """Raise ``DemoMismatch`` when a sync would mix demo and real data in one database."""
    demo_process, demo_database = bool(settings.NEST_DEMO), is_demo_database()
    if demo_database and not demo_process:
        raise DemoMismatch("this is a demo database (make demo): a real sync would mix real data into it")
    if demo_process and not demo_database:
        raise DemoMismatch("NEST_DEMO is set but this database is not a demo database: run make demo")

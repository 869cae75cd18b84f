"""``sync_owasp``: read OWASP's data from a source and bring every page, sponsor and staff member in line with
it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from apps.core import changes
from apps.owasp.models import SyncRun
from apps.owasp.sources.base import DataSource, LocalSnapshotSource, SourceUnavailable
from apps.owasp.sources.common import Upstream
from apps.owasp.sources.github import GitHubSource
from apps.owasp.sync import chapters, committees, events, projects, sponsors, staff
from apps.owasp.sync.context import SyncContext
from apps.owasp.sync.report import SyncReport
from apps.owasp.sync.users import get_sync_user
from cms import chapter_events

logger = logging.getLogger(__name__)

# Entity name → (reader, sync). Projects first: they are what most people come for.
ENTITIES: dict[str, tuple[Callable, Callable]] = {
    projects.ENTITY: (projects.read, projects.sync_projects),
    chapters.ENTITY: (chapters.read, chapters.sync_chapters),
    committees.ENTITY: (committees.read, committees.sync_committees),
    events.ENTITY: (events.read, events.sync_events),
    sponsors.ENTITY: (sponsors.read, sponsors.sync_sponsors),
    staff.ENTITY: (staff.read, staff.sync_staff),
}


GITHUB = "github"


def open_source(source: DataSource | str | Path | None = None) -> DataSource:
    """A data source: the one given, a snapshot folder, ``"github"``, or by default the ``NEST_DATA_DIR`` folder
    (OWASP's repositories on GitHub when that setting is empty)."""
    if source is not None and not isinstance(source, str | Path):
        return source
    if source == GITHUB or (source is None and not settings.NEST_DATA_DIR):
        return GitHubSource()
    path = source or settings.NEST_DATA_DIR
    if not Path(path).expanduser().is_dir():
        raise SourceUnavailable(f"OWASP data folder {path} does not exist")
    return LocalSnapshotSource(path)


def sync_owasp(
    source: DataSource | str | Path | None = None,
    *,
    user=None,
    only: list[str] | None = None,
    progress: Callable[[int], Any] | None = None,
) -> SyncReport:
    """Sync projects, chapters, committees, events, sponsors and staff from ``source``; returns the report.

    ``progress(total)`` may return an object with ``update()`` (e.g. a tqdm bar), called once per record.
    Raises SourceUnavailable when the source as a whole cannot be read; bad records are skipped and reported.
    Once committed, what changed is announced once per kind (``data_changed``: "project", "sponsor", ...).
    """
    with changes.run("OWASP sync"):
        return _sync_owasp(source, user=user, only=only, progress=progress)


def _sync_owasp(source, *, user, only, progress) -> SyncReport:
    data_source = open_source(source)
    started = timezone.now()
    logger.info("OWASP sync from %r", data_source)
    run = SyncRun.objects.create(started_at=started, source=str(getattr(data_source, "root", data_source))[:500])
    upstream = Upstream(data_source)
    report = SyncReport()
    selected = {name: parts for name, parts in ENTITIES.items() if not only or name in only}

    results = {}
    for name, (read, _sync) in selected.items():
        try:
            results[name] = read(upstream)
        except SourceUnavailable as exc:
            # Without the list we cannot tell gone from unread: sync nothing of it, inactivate nothing.
            logger.error("OWASP sync: %s not synced: %s", name, exc)
            report.errors.append(f"{name}: {exc}")
        except Exception as exc:  # a reader's bug must not stop the other entities
            logger.exception("OWASP sync: reading %s failed", name)
            report.errors.append(f"{name}: reading failed: {type(exc).__name__}: {exc}")

    total = sum(len(result.records) for result in results.values())
    bar = progress(total) if progress else None
    context = SyncContext(
        user=user or get_sync_user(), report=report, now=started, step=(bar.update if bar is not None else None)
    )
    try:
        with chapter_events.batch():  # the chapters and events published, linked once at the end
            for name, result in results.items():
                selected[name][1](upstream, context, result)
    finally:
        if bar is not None and hasattr(bar, "close"):
            bar.close()
        if data_source is not source and hasattr(data_source, "close"):
            data_source.close()
        _finish(run, report)
    logger.info("OWASP sync from %s: %s", run.source, report.summary_lines()[0])
    return report


def _finish(run: SyncRun, report: SyncReport) -> None:
    run.finished_at = timezone.now()
    run.succeeded = not report.errors
    run.created, run.updated, run.unchanged = report.created, report.updated, report.unchanged
    run.inactivated, run.skipped = report.inactivated, report.skipped_count
    run.report = report.as_dict()
    run.save()

"""Community snapshots: what was new in the OWASP community in a period, built from the synced data.

The rules of "new in the period" live here, once (the model's docstring states them for readers of the data).
A period is half-open: ``start_at`` is in it, ``end_at`` is not, so consecutive monthly snapshots never share an
item. Building replaces a snapshot's whole content in one transaction: a rebuild gives the same content for the
same data, and a failed build leaves the previous content in place, with the status and error recorded on the
snapshot (never raised to the caller: staff read it in the admin).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from apps.core import changes
from apps.github.models import Issue, PullRequest, Release, User
from apps.github.models.repository import present_condition
from apps.github.services.status import last_github_sync
from apps.owasp.models import Snapshot, SnapshotMember, SnapshotStatus
from cms.models import ChapterPage, OwaspPage, ProjectPage

logger = logging.getLogger(__name__)

# A build never holds its locks longer than this: a statement still running (or waiting for a lock) after it is
# cancelled, and the snapshot is marked as failed with the reason.
BUILD_STATEMENT_TIMEOUT_SECONDS = 300
ERROR_MESSAGE_LENGTH = 2000
BATCH_SIZE = 2000


# -- the rules ------------------------------------------------------------------------------------------------


def first_day_from(moment: datetime) -> date:
    """The first day whose midnight (UTC) is at or after ``moment``: days, such as a page's ``created_on``, are
    in a period when their midnight is."""
    moment = moment.astimezone(UTC)
    day = moment.date()
    return day if moment.time() == time(0) else day + timedelta(days=1)


def new_projects(start_at: datetime, end_at: datetime):
    """Projects new in the OWASP community in the period: listed (live, public, active) and created by OWASP
    (``created_on``, the day OWASP's site data gives for the project's www-* site) in it."""
    return ProjectPage.objects.listed().filter(
        created_on__gte=first_day_from(start_at), created_on__lt=first_day_from(end_at)
    )


def new_chapters(start_at: datetime, end_at: datetime):
    """Chapters new in the period, by the same rule as projects."""
    return ChapterPage.objects.listed().filter(
        created_on__gte=first_day_from(start_at), created_on__lt=first_day_from(end_at)
    )


def new_issues(start_at: datetime, end_at: datetime):
    """Issues (never pull requests) opened in the period, in repositories GitHub still serves."""
    return Issue.objects.filter(present_condition("repository__"), created_at__gte=start_at, created_at__lt=end_at)


def new_releases(start_at: datetime, end_at: datetime):
    """Releases published in the period (no drafts, no pre-releases), in repositories GitHub still serves.

    By ``published_at``: GitHub's ``created_at`` of a release is the date of the commit it tags, so a release
    published today of an older commit would otherwise be missed."""
    return (
        Release.objects.published()
        .filter(present_condition("repository__"), is_prerelease=False)
        .filter(published_at__gte=start_at, published_at__lt=end_at)
    )


# What counts as a contribution, and when it was made. Commits are left out: only their last
# GITHUB_COMMITS_HISTORY_DAYS are synced, so a commit would make a long-time contributor look new.
def _contributions():
    return (
        (Issue.objects.all(), "created_at"),
        (PullRequest.objects.all(), "created_at"),
        (Release.objects.published(), "published_at"),
    )


def new_members(start_at: datetime, end_at: datetime) -> dict[int, datetime]:
    """People (no bots, no organizations) whose first contribution to the synced repositories (the first issue
    or pull request they opened, or release they published) falls in the period: user id -> that moment.

    Three queries find who contributed in the period, three more their first contribution ever (by the author
    indexes), one keeps the people."""
    candidates: set[int] = set()
    for queryset, column in _contributions():
        candidates.update(
            queryset.filter(author__isnull=False, **{f"{column}__gte": start_at, f"{column}__lt": end_at})
            .order_by()
            .values_list("author_id", flat=True)
            .distinct()
        )
    if not candidates:
        return {}
    first: dict[int, datetime] = {}
    for queryset, column in _contributions():
        rows = (
            queryset.filter(author_id__in=candidates)
            .order_by()
            .values("author_id")
            .annotate(first=Min(column))
            .values_list("author_id", "first")
        )
        for user_id, moment in rows:
            if moment is not None and (user_id not in first or moment < first[user_id]):
                first[user_id] = moment
    people = set(User.objects.people().filter(pk__in=candidates).values_list("pk", flat=True))
    return {user_id: moment for user_id, moment in first.items() if user_id in people and start_at <= moment < end_at}


# -- building -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildOutcome:
    """What a build did, for tasks and commands to return and print."""

    key: str
    status: str
    counts: dict
    error_message: str = ""

    @classmethod
    def of(cls, snapshot: Snapshot) -> BuildOutcome:
        return cls(snapshot.key, snapshot.status, dict(snapshot.counts), snapshot.error_message)

    def as_dict(self) -> dict:
        return {"key": self.key, "status": self.status, "counts": self.counts, "error_message": self.error_message}

    def summary(self) -> str:
        if self.status == SnapshotStatus.ERROR:
            return f"{self.key}: error: {self.error_message}"
        counts = ", ".join(f"{'unknown' if n is None else n} {kind}" for kind, n in self.counts.items())
        return f"{self.key}: {self.status} ({counts})"


def build_snapshot(snapshot: Snapshot, *, timeout: float = BUILD_STATEMENT_TIMEOUT_SECONDS) -> Snapshot:
    """Fill ``snapshot`` with what was new in its period, replacing any previous content, in one transaction.

    The snapshot is marked processing (visible at once), then completed with its counts, or marked as failed with
    the error (logged, not raised). Returns the snapshot as stored afterwards."""
    _mark(snapshot.pk, SnapshotStatus.PROCESSING)
    return _build(snapshot.pk, timeout) or snapshot


def request_build(snapshot: Snapshot) -> Snapshot:
    """Mark ``snapshot`` as waiting for a (re)build: ``build_if_due`` or ``process_due_snapshots`` will build it.
    Its content stays until the build replaces it, but it is not public while it waits."""
    _mark(snapshot.pk, SnapshotStatus.PENDING)
    snapshot.refresh_from_db()
    return snapshot


def build_if_due(snapshot_id: int, *, timeout: float = BUILD_STATEMENT_TIMEOUT_SECONDS) -> Snapshot | None:
    """Build the snapshot if it is still due (``Snapshot.objects.due()``), claiming it first so that two workers
    never build it at once; None when it was not due (already built, being built, or deleted)."""
    claimed = (
        Snapshot.objects.due()
        .filter(pk=snapshot_id)
        .update(status=SnapshotStatus.PROCESSING, error_message="", updated_at=timezone.now())
    )
    if not claimed:
        return None
    return _build(snapshot_id, timeout)


def process_due_snapshots(
    *, timeout: float = BUILD_STATEMENT_TIMEOUT_SECONDS, progress: Callable[[int, int, Snapshot], None] | None = None
) -> list[Snapshot]:
    """Build every due snapshot, oldest request first; returns those built (completed or failed). ``progress``
    is told (number, total, snapshot) after each."""
    due = list(Snapshot.objects.due().values_list("pk", flat=True))
    built = []
    for number, snapshot_id in enumerate(due, start=1):
        snapshot = build_if_due(snapshot_id, timeout=timeout)
        if snapshot is None:
            continue
        built.append(snapshot)
        if progress is not None:
            progress(number, len(due), snapshot)
    return built


def _mark(snapshot_id: int, status: str) -> None:
    Snapshot.objects.filter(pk=snapshot_id).update(status=status, error_message="", updated_at=timezone.now())
    changes.record("snapshot", [snapshot_id], sender=Snapshot)


def _build(snapshot_id: int, timeout: float) -> Snapshot | None:
    try:
        with transaction.atomic(), _statement_timeout(timeout):
            snapshot = Snapshot.objects.select_for_update().filter(pk=snapshot_id).first()
            if snapshot is None:
                return None
            _fill(snapshot)
            changes.record("snapshot", [snapshot_id], sender=Snapshot)
    # Any failure (a timeout, a lock, a bug) is the build's outcome: logged, and recorded for staff to read.
    except Exception as exc:
        logger.exception("snapshot %s: build failed", snapshot_id)
        message = f"{type(exc).__name__}: {exc}".strip()[:ERROR_MESSAGE_LENGTH]
        Snapshot.objects.filter(pk=snapshot_id).update(
            status=SnapshotStatus.ERROR, error_message=message, updated_at=timezone.now()
        )
        changes.record("snapshot", [snapshot_id], sender=Snapshot)
    return Snapshot.objects.filter(pk=snapshot_id).first()


@contextmanager
def _statement_timeout(seconds: float):
    """Cap each statement of the block (lock waits included) at ``seconds``, for the current transaction only,
    and put the previous cap back after it (the build may run inside a caller's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        (previous,) = cursor.fetchone()
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{max(1, int(seconds * 1000))}ms"])
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])


def _fill(snapshot: Snapshot) -> None:
    """Replace the content and counts of ``snapshot`` (locked, inside the build's transaction)."""
    start_at, end_at = snapshot.start_at, snapshot.end_at
    snapshot.owasp_synced_at = OwaspPage.objects.aggregate(newest=Max("last_synced_at"))["newest"]
    snapshot.github_synced_at = last_github_sync()
    owasp_known = snapshot.owasp_synced_at is not None
    github_known = snapshot.github_synced_at is not None

    project_ids = list(new_projects(start_at, end_at).values_list("pk", flat=True)) if owasp_known else []
    chapter_ids = list(new_chapters(start_at, end_at).values_list("pk", flat=True)) if owasp_known else []
    issue_ids = list(new_issues(start_at, end_at).values_list("pk", flat=True)) if github_known else []
    release_ids = list(new_releases(start_at, end_at).values_list("pk", flat=True)) if github_known else []
    members = new_members(start_at, end_at) if github_known else {}

    _replace(snapshot, Snapshot.new_projects, project_ids)
    _replace(snapshot, Snapshot.new_chapters, chapter_ids)
    _replace(snapshot, Snapshot.new_issues, issue_ids)
    _replace(snapshot, Snapshot.new_releases, release_ids)
    SnapshotMember.objects.filter(snapshot=snapshot).delete()
    SnapshotMember.objects.bulk_create(
        [
            SnapshotMember(snapshot=snapshot, user_id=user_id, first_contribution_at=moment)
            for user_id, moment in members.items()
        ],
        batch_size=BATCH_SIZE,
    )

    snapshot.new_projects_count = len(project_ids) if owasp_known else None
    snapshot.new_chapters_count = len(chapter_ids) if owasp_known else None
    snapshot.new_issues_count = len(issue_ids) if github_known else None
    snapshot.new_releases_count = len(release_ids) if github_known else None
    snapshot.new_users_count = len(members) if github_known else None
    snapshot.status = SnapshotStatus.COMPLETED
    snapshot.error_message = ""
    snapshot.built_at = timezone.now()
    snapshot.save()


def _replace(snapshot: Snapshot, descriptor, ids: list[int]) -> None:
    """Make the rows of one many-to-many relation of ``snapshot`` exactly ``ids`` (a DELETE, batched INSERTs)."""
    field = descriptor.field
    through = descriptor.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.filter(**{source: snapshot.pk}).delete()
    through.objects.bulk_create(
        [through(**{f"{source}_id": snapshot.pk, f"{target}_id": pk}) for pk in ids], batch_size=BATCH_SIZE
    )

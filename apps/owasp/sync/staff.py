"""Sync of StaffMember snippets from staff.yml, with the same editor-wins provenance as sponsors."""

from __future__ import annotations

from apps.owasp.sources.common import Upstream
from apps.owasp.sources.records import ReadResult, StaffRecord
from apps.owasp.sources.staff import read_staff
from apps.owasp.sync.context import SyncContext
from apps.owasp.sync.editor_wins import EditorWinsSync
from apps.owasp.sync.field_map import check_field_map
from cms.models import StaffMember

ENTITY = "staff"
KIND = "staff"
check_field_map(StaffRecord, StaffMember)


def read(upstream: Upstream) -> ReadResult:
    return read_staff(upstream)


def sync_staff(upstream: Upstream, context: SyncContext, result: ReadResult | None = None) -> None:
    """Create or update one StaffMember per staff.yml row; gone ones become inactive, never deleted."""
    result = result or read(upstream)
    EditorWinsSync(entity=ENTITY, kind=KIND, model=StaffMember, **context.kwargs()).run(result)

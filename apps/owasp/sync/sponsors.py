"""Sync of Sponsor snippets from corp_members.yml, with the same editor-wins provenance as pages."""

from __future__ import annotations

from apps.owasp.sources.common import Upstream
from apps.owasp.sources.records import ReadResult, SponsorRecord
from apps.owasp.sources.sponsors import read_sponsors
from apps.owasp.sync.context import SyncContext
from apps.owasp.sync.editor_wins import EditorWinsSync
from apps.owasp.sync.field_map import check_field_map
from cms.models import Sponsor

ENTITY = "sponsors"
KIND = "sponsor"
check_field_map(SponsorRecord, Sponsor)


def read(upstream: Upstream) -> ReadResult:
    return read_sponsors(upstream)


def sync_sponsors(upstream: Upstream, context: SyncContext, result: ReadResult | None = None) -> None:
    """Create or update one Sponsor per corp_members.yml entry; gone ones become inactive, never deleted."""
    result = result or read(upstream)
    EditorWinsSync(entity=ENTITY, kind=KIND, model=Sponsor, **context.kwargs()).run(result)

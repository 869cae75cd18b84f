"""Sync of Sponsor snippets from corp_members.yml, with the same editor-wins provenance as pages."""

from __future__ import annotations

import logging

from django.db import transaction

from apps.owasp.sources.common import Upstream
from apps.owasp.sources.records import ReadResult, SponsorRecord
from apps.owasp.sources.sponsors import read_sponsors
from apps.owasp.sync.context import SyncContext
from apps.owasp.sync.report import CREATED, INACTIVATED, UNCHANGED, UPDATED
from cms import provenance
from cms.models import Sponsor

logger = logging.getLogger(__name__)
ENTITY = "sponsors"
MISSING = object()


def read(upstream: Upstream) -> ReadResult:
    return read_sponsors(upstream)


def sync_sponsors(upstream: Upstream, context: SyncContext, result: ReadResult | None = None) -> None:
    """Create or update one Sponsor per corp_members.yml entry; gone ones become inactive, never deleted."""
    result = result or read(upstream)
    report = context.report
    for skipped in result.skipped:
        report.skip(ENTITY, skipped.key, skipped.reason)
    for label in result.missing:
        report.warn(f"{ENTITY}: {label} is missing; no sponsor marked inactive")
    existing = {sponsor.owasp_key: sponsor for sponsor in Sponsor.objects.filter(owasp_key__isnull=False)}
    for record in result.records:
        _guarded(context, record.key, lambda record=record: _apply(existing.get(record.key), record, context))
        if context.step:
            context.step()
    for key, sponsor in existing.items() if result.complete else ():
        if key not in result.listed_keys and sponsor.is_active:
            _guarded(context, key, lambda sponsor=sponsor: _inactivate(sponsor, context))


def _guarded(context: SyncContext, key: str, action) -> None:
    try:
        with transaction.atomic():
            outcome = action()
    except Exception as exc:  # one record must never abort the run: it is reported instead
        logger.exception("sync of sponsor %s failed", key)
        context.report.skip(ENTITY, key, f"could not be saved: {type(exc).__name__}: {exc}")
        return
    context.report.add(ENTITY, outcome)


def _apply(sponsor: Sponsor | None, record: SponsorRecord, context: SyncContext) -> str:
    values = record.values()
    if sponsor is None:
        sponsor = Sponsor(owasp_key=record.key, synced_values=values, overridden_fields=[])
        for name, value in values.items():
            provenance.assign_value(sponsor, name, value)
        sponsor.is_active, sponsor.sync_source, sponsor.last_synced_at = True, record.source_label, context.now
        sponsor.save()
        return CREATED
    synced, overridden, changed = dict(sponsor.synced_values or {}), list(sponsor.overridden_fields or []), False
    for name, upstream in values.items():
        current, previous = provenance.current_value(sponsor, name), synced.get(name, MISSING)
        synced[name] = upstream
        if name in overridden:
            continue
        if previous is not MISSING and current != previous:
            overridden.append(name)
        elif current != upstream:
            provenance.assign_value(sponsor, name, upstream)
            changed = True
    reactivated = not sponsor.is_active
    if not changed and not reactivated:
        if synced != sponsor.synced_values or overridden != sponsor.overridden_fields:
            Sponsor.objects.filter(pk=sponsor.pk).update(synced_values=synced, overridden_fields=overridden)
        return UNCHANGED
    sponsor.synced_values, sponsor.overridden_fields = synced, overridden
    sponsor.is_active, sponsor.sync_source, sponsor.last_synced_at = True, record.source_label, context.now
    sponsor.save()
    return UPDATED


def _inactivate(sponsor: Sponsor, context: SyncContext) -> str:
    sponsor.is_active, sponsor.last_synced_at = False, context.now
    sponsor.save(update_fields=["is_active", "last_synced_at"])
    return INACTIVATED

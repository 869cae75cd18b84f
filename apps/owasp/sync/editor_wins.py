"""The sync of records an editor may also change (pages and snippets): upstream fills a field until an editor
changes it; from then on the editor's value wins and sync only remembers what upstream says.

One pass per model: load every synced record by key, compare each upstream record with it in Python, and write
only records that changed, each in its own transaction. Per field (``plan``):

- the field is overridden (an editor changed it since sync last wrote it): keep the editor's value;
- otherwise, when upstream differs from the record: take upstream's value.

Values are compared through ``cms.provenance.same``, so a value an editor's form merely re-encoded (rich text
after the editor's round trip, an empty description) is not an edit. Records whose key left a complete upstream
list are marked inactive, never deleted. Subclasses say how a record is loaded, created and saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import models, transaction

from apps.core import changes
from apps.owasp.sources.records import ReadResult
from apps.owasp.sync.field_map import check_field_map, upstream_values
from apps.owasp.sync.report import CREATED, INACTIVATED, UNCHANGED, UPDATED, SyncReport
from cms import provenance

logger = logging.getLogger(__name__)

MISSING = object()


class EditorWinsSync:
    """Syncs one model's records; ``kind`` names them in the ``data_changed`` signal ("project", "sponsor")."""

    def __init__(
        self,
        *,
        entity: str,
        kind: str,
        model: type[models.Model],
        user,
        report: SyncReport,
        now: datetime,
        step: Callable[[], Any] | None = None,
    ):
        self.entity = entity
        self.kind = kind
        self.model = model
        self.user = user
        self.report = report
        self.now = now
        self.step = step or (lambda: None)

    # --- what subclasses provide ---------------------------------------------------------------------------

    def load_existing(self) -> dict[str, models.Model]:
        """Every synced record of the model by upstream key."""
        return {obj.owasp_key: obj for obj in self.model.objects.filter(owasp_key__isnull=False)}

    def create(self, record, values: dict[str, Any], bookkeeping: dict[str, Any]) -> models.Model:
        """Insert a new record holding ``values``, with provenance saying sync wrote them all."""
        obj = self.fill(self.model(owasp_key=record.key), record, values, bookkeeping)
        obj.save()
        return obj

    def fill(self, obj: models.Model, record, values: dict[str, Any], bookkeeping: dict[str, Any]) -> models.Model:
        """Set a new record's synced values and provenance: sync wrote every field, none is overridden."""
        for name, value in values.items():
            provenance.assign_value(obj, name, value)
        obj.is_active = record.is_active
        obj.sync_source = record.source_label
        obj.last_synced_at = self.now
        obj.synced_values = values | bookkeeping
        obj.overridden_fields = []
        return obj

    def save(self, obj: models.Model) -> None:
        """Write a record whose content changed."""
        obj.save()

    def bookkeeping(self, record, values: dict[str, Any], obj: models.Model | None) -> dict[str, Any]:
        """Extra keys kept beside the values in ``synced_values``; may rewrite ``values`` in place."""
        return {}

    # --- running -------------------------------------------------------------------------------------------

    def run(self, result: ReadResult) -> None:
        """Apply every record of ``result``; what changed is announced with the run's (``sync_owasp``'s) other
        changes, or on its own when this sync runs alone."""
        with changes.run(f"{self.kind} sync"):
            self._run(result)

    def _run(self, result: ReadResult) -> None:
        for skipped in result.skipped:
            logger.warning("sync of %s: %s skipped: %s", self.entity, skipped.key, skipped.reason)
            self.report.skip(self.entity, skipped.key, skipped.reason)
        self.report.drop_placeholders(self.entity, result.placeholder_counts())
        for label in result.missing:
            self.report.warn(f"{self.entity}: {label} is missing; no {self.kind} marked inactive")
        for record_type in {type(record) for record in result.records}:
            check_field_map(record_type, self.model)  # a field no model takes stops the run, before any write
        existing = self.load_existing()
        for record in result.records:
            obj = existing.get(record.key)
            if obj is None:
                self._guarded(record.key, lambda record=record: self._create(record))
            else:
                self._guarded(record.key, lambda record=record, obj=obj: self._update(obj, record))
            self.step()
        for key, obj in existing.items() if result.complete else ():
            if key not in result.listed_keys and (obj.is_active or obj.is_listed):
                self._guarded(key, lambda obj=obj: self.inactivate(obj))

    def _guarded(self, key: str, action: Callable[[], tuple[str, models.Model]]) -> None:
        try:
            with transaction.atomic():
                outcome, obj = action()
                if outcome != UNCHANGED:
                    changes.record(self.kind, [obj.pk], sender=self.model)
        except Exception as exc:  # one record must never abort the run: it is reported instead
            logger.exception("sync of %s %s failed", self.kind, key)
            self.report.skip(self.entity, key, f"could not be saved: {type(exc).__name__}: {exc}")
            return
        self.report.add(self.entity, outcome)

    def upstream_values(self, record, obj: models.Model | None = None) -> tuple[dict, dict]:
        """(synced field values, bookkeeping kept beside them in ``synced_values``)."""
        values = upstream_values(record, self.model)
        return values, self.bookkeeping(record, values, obj)

    def _create(self, record) -> tuple[str, models.Model]:
        values, bookkeeping = self.upstream_values(record)
        return CREATED, self.create(record, values, bookkeeping)

    def _update(self, obj: models.Model, record) -> tuple[str, models.Model]:
        values, bookkeeping = self.upstream_values(record, obj)
        outcome = self.apply(
            obj, values, is_active=record.is_active, source=record.source_label, bookkeeping=bookkeeping
        )
        return outcome, obj

    # --- editor wins ---------------------------------------------------------------------------------------

    def plan(self, obj: models.Model, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
        """(fields to write, new synced_values, overridden fields) for one record against upstream ``values``."""
        synced = dict(obj.synced_values or {})
        overridden = list(obj.overridden_fields or [])
        to_write: dict[str, Any] = {}
        for name, upstream in values.items():
            current = provenance.current_value(obj, name)
            previous = synced.get(name, MISSING)
            synced[name] = upstream
            if name in overridden:
                continue
            if previous is not MISSING and not provenance.same(obj, name, current, previous):
                overridden.append(name)  # an editor changed it since sync last wrote it
                continue
            if not provenance.same(obj, name, current, upstream):
                to_write[name] = upstream
        return to_write, synced, overridden

    def apply(
        self,
        obj: models.Model,
        values: dict[str, Any],
        *,
        is_active: bool,
        source: str,
        bookkeeping: dict | None = None,
    ) -> str:
        to_write, synced, overridden = self.plan(obj, values)
        synced.update(bookkeeping or {})
        became_inactive = obj.is_active and not is_active
        activity_changed = obj.is_active != is_active or not obj.is_listed  # listed again, if it had left
        if not to_write and not activity_changed:
            if synced != obj.synced_values or overridden != obj.overridden_fields or source != obj.sync_source:
                # Provenance only (an override noticed, an overridden field's upstream value moved): no content
                # change, so no revision and no signal.
                self.provenance_queryset(obj).update(
                    synced_values=synced, overridden_fields=overridden, sync_source=source
                )
            return UNCHANGED
        for name, value in to_write.items():
            provenance.assign_value(obj, name, value)
        obj.is_active, obj.is_listed = is_active, True
        obj.synced_values = synced
        obj.overridden_fields = overridden
        obj.sync_source = source
        obj.last_synced_at = self.now
        self.save(obj)
        if became_inactive:
            return INACTIVATED
        return UPDATED

    def provenance_queryset(self, obj: models.Model) -> models.QuerySet:
        return type(obj)._default_manager.filter(pk=obj.pk)

    def inactivate(self, obj: models.Model) -> tuple[str, models.Model]:
        obj.is_active = obj.is_listed = False
        obj.last_synced_at = self.now
        self.save(obj)
        return INACTIVATED, obj

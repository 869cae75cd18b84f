"""The page sync shared by projects, chapters, committees and events.

One pass per page type: load every synced page with its provenance and child rows in a few queries, compare
each upstream record with the page in Python, and write only pages that changed. Per field:

- the field is overridden (an editor changed it since sync last wrote it): keep the editor's value;
- otherwise, when upstream differs from the page: take upstream's value.

A content change is saved as a new revision by the sync user and published (or, when an editor has an
unpublished draft, saved on top of that draft and left for the editor to publish). Pages whose record left
the upstream list are marked inactive, never deleted. Each record is applied in its own transaction.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Page, Revision
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published

from apps.owasp.sources.records import EntityRecord, ReadResult
from apps.owasp.sync.report import CREATED, INACTIVATED, UNCHANGED, UPDATED, SyncReport
from apps.owasp.sync.richtext import to_editor_html
from cms import provenance
from cms.models import OwaspPage

logger = logging.getLogger(__name__)

KEY_PREFIX = re.compile(r"^www-(?:project|chapter|committee|revent|event)-")
MISSING = object()
DESCRIPTION_SOURCE = "_description_source"  # digest of the upstream HTML the stored description was made from
# Fields set when the page is placed in the tree, after validation.
TREE_FIELDS = ["path", "depth", "numchild", "url_path", "content_type", "page_ptr", "owasppage_ptr"]


def slug_for(key: str) -> str:
    """URL slug from the upstream key: www-project-juice-shop → juice-shop."""
    return slugify(KEY_PREFIX.sub("", key)) or slugify(key) or "page"


class PageSync:
    """Syncs one page type under its index page."""

    def __init__(
        self,
        *,
        entity: str,
        model: type[OwaspPage],
        parent: Page,
        user,
        report: SyncReport,
        now: datetime,
        step: Callable[[], Any] | None = None,
    ):
        self.entity = entity
        self.model = model
        self.parent = parent
        self.user = user
        self.report = report
        self.now = now
        self.step = step or (lambda: None)
        self.relations = tuple(getattr(model, "synced_relations", {}))
        self._last_child_path: str | None = None

    # --- loading -------------------------------------------------------------------------------------------

    def load_existing(self) -> dict[str, OwaspPage]:
        """Every synced page of this type by key, as the editor would see it (latest draft when there is one)."""
        pages = self.model.objects.filter(owasp_key__isnull=False).prefetch_related(*self.relations)
        existing = {}
        for page in pages:
            if page.has_unpublished_changes:
                page = page.get_latest_revision_as_object()
            existing[page.owasp_key] = page
        return existing

    def _used_slugs(self) -> set[str]:
        return set(Page.objects.child_of(self.parent).values_list("slug", flat=True))

    # --- running -------------------------------------------------------------------------------------------

    def run(self, result: ReadResult) -> None:
        for skipped in result.skipped:
            self.report.skip(self.entity, skipped.key, skipped.reason)
        self.report.drop_placeholders(self.entity, result.placeholder_counts())
        for label in result.missing:
            self.report.warn(f"{self.entity}: {label} is missing; no {self.entity} marked inactive")
        existing = self.load_existing()
        used_slugs = self._used_slugs()
        for record in result.records:
            self._apply_one(record, existing.get(record.key), used_slugs)
            self.step()
        for key, page in existing.items() if result.complete else ():
            if key not in result.listed_keys and (page.is_active or page.is_listed):
                self._guarded(key, lambda page=page: self._inactivate(page))

    def _apply_one(self, record: EntityRecord, page: OwaspPage | None, used_slugs: set[str]) -> None:
        if page is None:
            self._guarded(record.key, lambda: self._create(record, used_slugs))
        else:
            self._guarded(record.key, lambda: self._update(page, record))

    def _guarded(self, key: str, action: Callable[[], str]) -> None:
        try:
            with transaction.atomic():
                outcome = action()
        except Exception as exc:  # one record must never abort the run: it is reported instead
            logger.exception("sync of %s %s failed", self.entity, key)
            self.report.skip(self.entity, key, f"could not be saved: {type(exc).__name__}: {exc}")
            return
        self.report.add(self.entity, outcome)

    # --- values --------------------------------------------------------------------------------------------

    def upstream_values(self, record: EntityRecord, page: OwaspPage | None = None) -> tuple[dict, dict]:
        """(synced field values, bookkeeping kept beside them in ``synced_values``).

        The editor form of the description is only recomputed when the upstream HTML changed: its digest is
        kept under ``DESCRIPTION_SOURCE``.
        """
        values = record.values()
        raw = values["description"]
        digest = hashlib.sha256(raw.encode()).hexdigest()
        known = (page.synced_values or {}) if page is not None else {}
        if known.get(DESCRIPTION_SOURCE) == digest and "description" in known:
            values["description"] = known["description"]
        else:
            values["description"] = to_editor_html(raw)
        fields = {name: value for name, value in values.items() if name in self.model.synced_fields}
        return fields, {DESCRIPTION_SOURCE: digest}

    # --- create --------------------------------------------------------------------------------------------

    def _create(self, record: EntityRecord, used_slugs: set[str]) -> str:
        """Insert the page live with its first revision (by the sync user) in one save.

        Equivalent to ``add_child`` + ``save_revision().publish()``, which save the page three times (three
        validations, search and reference index updates each): at ~1,100 pages that is minutes, this is seconds.
        The ``page_published`` signal is still sent, so listeners (caches) see the new page.
        """
        values, bookkeeping = self.upstream_values(record)
        page = self.model(owasp_key=record.key, slug=self._unique_slug(slug_for(record.key), used_slugs))
        for name, value in values.items():
            provenance.assign_value(page, name, value)
        page.is_active = record.is_active
        page.sync_source = record.source_label
        page.last_synced_at = self.now
        page.synced_values = values | bookkeeping
        page.overridden_fields = []
        page.owner = self.user
        page.locale_id = self.parent.locale_id
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = page.latest_revision_created_at = self.now
        page.draft_title = page.title
        page.clean_fields(exclude=TREE_FIELDS)
        page.depth, page.path, page.numchild = self.parent.depth + 1, self._next_child_path(), 0
        # A page sync creates refers to no image, document, snippet or page: its reference index entry would be
        # empty, so skip computing it (editors' later saves update the index as usual).
        with disable_reference_index_auto_update():
            page.save(clean=False, user=self.user)  # logs "wagtail.create" by the sync user
        Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + 1)
        revision = Revision.objects.create(
            content_object=page,
            base_content_type=page.get_base_content_type(),
            user=self.user,
            content=page.serializable_data(),
            object_str=str(page),
        )
        Page.objects.filter(pk=page.pk).update(latest_revision=revision, live_revision=revision)
        page.latest_revision, page.live_revision = revision, revision
        log(instance=page, action="wagtail.publish", user=self.user, revision=revision, content_changed=True)
        page_published.send(sender=page.specific_class, instance=page, revision=revision)
        used_slugs.add(page.slug)
        return CREATED

    def _next_child_path(self) -> str:
        """The tree path after the parent's last child (as treebeard's add_child computes it)."""
        if self._last_child_path is None:
            self._last_child_path = (
                Page.objects.filter(path__startswith=self.parent.path, depth=self.parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            ) or ""
        step = Page._str2int(self._last_child_path[-Page.steplen :]) + 1 if self._last_child_path else 1
        self._last_child_path = Page._get_path(self.parent.path, self.parent.depth + 1, step)
        return self._last_child_path

    @staticmethod
    def _unique_slug(slug: str, used: set[str]) -> str:
        candidate, number = slug, 2
        while candidate in used:
            candidate, number = f"{slug}-{number}", number + 1
        return candidate

    # --- update --------------------------------------------------------------------------------------------

    def plan(self, page: OwaspPage, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
        """(fields to write, new synced_values, overridden fields) for one page against upstream ``values``."""
        synced = dict(page.synced_values or {})
        overridden = list(page.overridden_fields or [])
        changes: dict[str, Any] = {}
        for name, upstream in values.items():
            current = provenance.current_value(page, name)
            previous = synced.get(name, MISSING)
            synced[name] = upstream
            if name in overridden:
                continue
            if previous is not MISSING and current != previous:
                overridden.append(name)  # an editor changed it since sync last wrote it
                continue
            if current != upstream:
                changes[name] = upstream
        return changes, synced, overridden

    def _update(self, page: OwaspPage, record: EntityRecord) -> str:
        values, bookkeeping = self.upstream_values(record, page)
        return self.apply(page, values, is_active=record.is_active, source=record.source_label, bookkeeping=bookkeeping)

    def apply(
        self, page: OwaspPage, values: dict[str, Any], *, is_active: bool, source: str, bookkeeping: dict | None = None
    ) -> str:
        changes, synced, overridden = self.plan(page, values)
        synced.update(bookkeeping or {})
        became_inactive = page.is_active and not is_active
        activity_changed = page.is_active != is_active or not page.is_listed  # listed again, if it had left
        if not changes and not activity_changed:
            if synced != page.synced_values or overridden != page.overridden_fields or source != page.sync_source:
                # Provenance only (an override noticed, an overridden field's upstream value moved): no revision.
                OwaspPage.objects.filter(pk=page.pk).update(
                    synced_values=synced, overridden_fields=overridden, sync_source=source
                )
            return UNCHANGED
        for name, value in changes.items():
            provenance.assign_value(page, name, value)
        page.is_active, page.is_listed = is_active, True
        page.synced_values = synced
        page.overridden_fields = overridden
        page.sync_source = source
        page.last_synced_at = self.now
        self._save(page)
        if became_inactive:
            return INACTIVATED
        return UPDATED

    def _inactivate(self, page: OwaspPage) -> str:
        page.is_active = page.is_listed = False
        page.last_synced_at = self.now
        self._save(page)
        return INACTIVATED

    def _save(self, page: OwaspPage) -> None:
        """A new revision by the sync user; published unless an editor's draft is pending."""
        has_draft = page.has_unpublished_changes
        revision = page.save_revision(user=self.user, log_action=True, changed=True)
        if not has_draft:
            revision.publish(user=self.user, skip_permission_checks=True)

"""The page sync shared by projects, chapters, committees and events (editor wins: see ``editor_wins``).

Pages are loaded with their child rows in a few queries, as the editor would see them (the latest draft when
there is one). A content change is saved as a new revision by the sync user and published (or, when an editor
has an unpublished draft, saved on top of that draft and left for the editor to publish).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.db.models import F
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Page, Revision
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published

from apps.owasp.sources.records import EntityRecord, ReadResult
from apps.owasp.sync.editor_wins import EditorWinsSync
from cms.models import OwaspPage
from cms.richtext import to_editor_html

KEY_PREFIX = re.compile(r"^www-(?:project|chapter|committee|revent|event)-")
DESCRIPTION_SOURCE = "_description_source"  # digest of the upstream HTML the stored description was made from
# Fields set when the page is placed in the tree, after validation.
TREE_FIELDS = ["path", "depth", "numchild", "url_path", "content_type", "page_ptr", "owasppage_ptr"]


def slug_for(key: str) -> str:
    """URL slug from the upstream key: www-project-juice-shop → juice-shop."""
    return slugify(KEY_PREFIX.sub("", key)) or slugify(key) or "page"


class PageSync(EditorWinsSync):
    """Syncs one page type under its index page."""

    def __init__(self, *, parent: Page, **kwargs):
        super().__init__(**kwargs)
        self.parent = parent
        self.relations = tuple(self.model.synced_relations)
        self._last_child_path: str | None = None
        self._used_slugs: set[str] = set()

    def load_existing(self) -> dict[str, OwaspPage]:
        """Every synced page of this type by key, as the editor would see it (latest draft when there is one)."""
        pages = self.model.objects.filter(owasp_key__isnull=False).prefetch_related(*self.relations)
        existing = {}
        for page in pages:
            if page.has_unpublished_changes:
                page = page.get_latest_revision_as_object()
            existing[page.owasp_key] = page
        return existing

    def run(self, result: ReadResult) -> None:
        self._used_slugs = set(Page.objects.child_of(self.parent).values_list("slug", flat=True))
        super().run(result)

    def bookkeeping(self, record: EntityRecord, values: dict[str, Any], page: OwaspPage | None) -> dict[str, Any]:
        """The editor form of the description is only recomputed when the upstream HTML changed: its digest is
        kept under ``DESCRIPTION_SOURCE``."""
        raw = values["description"]
        digest = hashlib.sha256(raw.encode()).hexdigest()
        known = (page.synced_values or {}) if page is not None else {}
        if known.get(DESCRIPTION_SOURCE) == digest and "description" in known:
            values["description"] = known["description"]
        else:
            values["description"] = to_editor_html(raw)
        return {DESCRIPTION_SOURCE: digest}

    def create(self, record: EntityRecord, values: dict[str, Any], bookkeeping: dict[str, Any]) -> OwaspPage:
        """Insert the page live with its first revision (by the sync user) in one save.

        Equivalent to ``add_child`` + ``save_revision().publish()``, which save the page three times (three
        validations, search and reference index updates each): at ~1,100 pages that is minutes, this is seconds.
        The ``page_published`` signal is still sent, so listeners outside a sync run see the new page.
        """
        page = self.model(owasp_key=record.key, slug=self._unique_slug(slug_for(record.key), self._used_slugs))
        self.fill(page, record, values, bookkeeping)
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
        self._used_slugs.add(page.slug)
        return page

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

    def provenance_queryset(self, page: OwaspPage):
        return OwaspPage.objects.filter(pk=page.pk)

    def save(self, page: OwaspPage) -> None:
        """A new revision by the sync user; published unless an editor's draft is pending."""
        has_draft = page.has_unpublished_changes
        revision = page.save_revision(user=self.user, log_action=True, changed=True)
        if not has_draft:
            revision.publish(user=self.user, skip_permission_checks=True)

"""Wagtail pages written in bulk: ids from the page sequence, tree paths computed the way treebeard does,
then one COPY per table of the multi-table chain (wagtailcore_page, cms_owasppage, the page type's own).

Creating ten thousand pages one ``add_child`` at a time takes many minutes; this takes seconds and leaves
a tree ``Page.find_problems()`` accepts: live pages without revisions, which Wagtail serves and the admin
edits like any page whose first revision is yet to be saved.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from wagtail.models import Locale, Page

from cms.models import OwaspPage
from devtools.generate.bulk import copy_rows, reserve_ids


class PageWriter:
    """Appends live children of one kind (ProjectPage, ChapterPage, ...) under one parent page."""

    def __init__(self, parent: Page, model: type[OwaspPage], rng: random.Random, now: datetime):
        self.parent = Page.objects.select_for_update().get(pk=parent.pk)
        self.model = model
        self.rng = rng
        self.now = now
        self.content_type_id = ContentType.objects.get_for_model(model).pk
        self.locale_id = Locale.get_default().pk
        last = self.parent.get_last_child()
        self.next_step = (last._get_lastpos_in_path() if last else 0) + 1
        self.depth = self.parent.depth + 1

    def write(self, pages: list[dict], *, progress: Callable[[int], None] | None = None) -> list[int]:
        """Write the pages (dicts with ``title``, ``slug`` and the model's own fields); returns their ids."""
        ids = reserve_ids(Page, len(pages))
        base_rows, owasp_rows, own_rows = [], [], []
        own_ptr = self.model._meta.pk.attname  # owasppage_ptr_id
        for page_id, page in zip(ids, pages, strict=True):
            path = Page._get_path(self.parent.path, self.depth, self.next_step)
            self.next_step += 1
            published = page.pop("published_at", self.now)
            base_rows.append(
                {
                    "id": page_id,
                    "path": path,
                    "depth": self.depth,
                    "numchild": 0,
                    "translation_key": uuid.UUID(int=self.rng.getrandbits(128), version=4),
                    "locale_id": self.locale_id,
                    "live": True,
                    "has_unpublished_changes": False,
                    "first_published_at": published,
                    "last_published_at": published,
                    "title": page["title"],
                    "draft_title": page["title"],
                    "slug": page["slug"],
                    "content_type_id": self.content_type_id,
                    "url_path": f"{self.parent.url_path}{page['slug']}/",
                }
            )
            owasp_rows.append({"page_ptr_id": page_id, **page})
            own_rows.append({own_ptr: page_id, **page})
        copy_rows(Page, base_rows)
        copy_rows(OwaspPage, owasp_rows)
        if self.model is not OwaspPage:
            copy_rows(self.model, own_rows)
        Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + len(pages))
        self.parent.numchild += len(pages)
        if progress:
            progress(len(pages))
        return ids

"""Drop cached pages when editors publish, unpublish, move or delete pages or edit snippets, and when a sync
run or a job says it changed data (``apps.core.signals.data_changed``, sent once per kind after commit).

A publish or unpublish, and a ``data_changed``, drop only the groups of pages showing what changed
(``theme.cache_groups``); moves, deletions, snippets and kinds no group describes clear the whole site. Pages
that name no group go stale on every change. During a sync run the per-page and per-snippet signals are
ignored: the run announces its changes once at the end, by kind.
"""

import logging

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from apps.core import changes
from apps.core.signals import data_changed
from theme.cache import UNDECLARED, bump_groups, bump_site_data_version
from theme.cache_groups import changed_groups, groups_showing_page

# The batch of the last data_changed and the groups already bumped for it: a batch sends one signal per kind,
# and kinds share groups (home, about).
_last_batch: dict = {"batch": "", "bumped": set()}


def _on_page_change(sender, instance=None, **kwargs):
    if changes.in_run():
        return
    bump_site_data_version(f"{sender.__name__} {getattr(instance, 'pk', '')} changed")


def _on_publish(sender, instance=None, **kwargs):
    """One page published or unpublished: drop the pages showing it (the whole site for an unknown type)."""
    if changes.in_run():
        return
    reason = f"{sender.__name__} {getattr(instance, 'pk', '')} published or unpublished"
    groups = groups_showing_page(instance.specific) if instance is not None else None
    if groups is None:
        bump_site_data_version(reason)
    else:
        bump_groups([*groups, UNDECLARED], reason)


def _on_snippet_change(sender, instance=None, **kwargs):
    if changes.in_run():
        return
    bump_site_data_version(f"{sender.__name__} {getattr(instance, 'pk', '')} changed")


def _on_data_changed(sender=None, kind: str = "", ids=frozenset(), batch: str = "", **kwargs):
    """The pages showing the objects ``ids`` of ``kind`` go stale, each group once per batch."""
    reason = f"{len(ids)} {kind} changed"
    groups = changed_groups(kind, ids)
    if groups is None:
        bump_site_data_version(reason)
        return
    first = not batch or batch != _last_batch["batch"]
    if first:
        _last_batch.update(batch=batch, bumped=set())
    fresh = {*groups, UNDECLARED} - _last_batch["bumped"]
    if batch:
        _last_batch["bumped"] |= fresh
    if fresh:  # one line per run in the log: the other kinds of the batch at debug level
        bump_groups(fresh, reason, level=logging.INFO if first else logging.DEBUG)


def connect() -> None:
    from django.apps import apps

    data_changed.connect(_on_data_changed, dispatch_uid="theme-cache-data-changed")
    page_published.connect(_on_publish, dispatch_uid="theme-cache-published")
    page_unpublished.connect(_on_publish, dispatch_uid="theme-cache-unpublished")
    post_page_move.connect(_on_page_change, dispatch_uid="theme-cache-moved")
    from wagtail.models import Page

    post_delete.connect(_on_page_change, sender=Page, dispatch_uid="theme-cache-page-deleted")
    # Snippets are saved without a publish step.
    for label in ("cms.Sponsor",):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(_on_snippet_change, sender=model, dispatch_uid=f"theme-cache-{label}-saved")
        post_delete.connect(_on_snippet_change, sender=model, dispatch_uid=f"theme-cache-{label}-deleted")

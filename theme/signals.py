"""Clear the page cache when editors publish, unpublish, move or delete pages or edit snippets, and when a sync
run or a job says it changed data (``apps.core.signals.data_changed``, sent once per kind after commit).

During a sync run the per-page and per-snippet signals are ignored: the run announces its changes once at the
end, so an import of a thousand pages bumps the cache once, not a thousand times.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from apps.core import changes
from apps.core.signals import data_changed
from theme.cache import bump_site_data_version

_last_batch: list[str] = [""]  # the batch the last data_changed bump was for (a batch sends one signal per kind)


def _on_page_change(sender, instance=None, **kwargs):
    if changes.in_run():
        return
    bump_site_data_version(f"{sender.__name__} {getattr(instance, 'pk', '')} changed")


def _on_snippet_change(sender, instance=None, **kwargs):
    if changes.in_run():
        return
    bump_site_data_version(f"{sender.__name__} {getattr(instance, 'pk', '')} changed")


def _on_data_changed(sender=None, kind: str = "", ids=frozenset(), batch: str = "", **kwargs):
    """Every cached page goes stale (once per batch); ``kind`` and ``ids`` say which objects changed."""
    if batch and batch == _last_batch[0]:
        return
    _last_batch[0] = batch
    bump_site_data_version(f"{len(ids)} {kind} changed")


def connect() -> None:
    from django.apps import apps

    data_changed.connect(_on_data_changed, dispatch_uid="theme-cache-data-changed")
    page_published.connect(_on_page_change, dispatch_uid="theme-cache-published")
    page_unpublished.connect(_on_page_change, dispatch_uid="theme-cache-unpublished")
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

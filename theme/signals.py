"""Clear the page cache when editors publish, unpublish, move or delete pages, or edit snippets."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from theme.cache import bump_site_data_version


def _on_page_change(sender, instance=None, **kwargs):
    bump_site_data_version(f"{sender.__name__} {getattr(instance, 'pk', '')} changed")


def _on_snippet_change(sender, instance=None, **kwargs):
    bump_site_data_version(f"{sender.__name__} {getattr(instance, 'pk', '')} changed")


def connect() -> None:
    from django.apps import apps

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

"""Clear the page cache when editors publish, unpublish, move or delete pages, edit snippets, or a sync task
finishes (sync commands run outside Celery call ``theme.cache.bump_site_data_version`` themselves)."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from theme.cache import bump_site_data_version


def _on_page_change(sender, instance=None, **kwargs):
    bump_site_data_version(f"{sender.__name__} {getattr(instance, 'pk', '')} changed")


def _on_snippet_change(sender, instance=None, **kwargs):
    bump_site_data_version(f"{sender.__name__} {getattr(instance, 'pk', '')} changed")


# Celery tasks whose success changes what the site shows (matched on the task name's last part).
SYNC_TASKS = {
    "sync_owasp_task",
    "sync_github_task",
    "sync_repository_task",
    "record_project_health_task",
    "match_leaders_task",
}


def _on_task_success(sender=None, **kwargs):
    name = getattr(sender, "name", "") or ""
    if name.rsplit(".", 1)[-1] in SYNC_TASKS:
        bump_site_data_version(f"task {name} finished")


def connect() -> None:
    from celery.signals import task_success

    task_success.connect(_on_task_success, weak=False, dispatch_uid="theme-cache-sync-task")
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

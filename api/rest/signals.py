"""The API data version follows what sync runs, jobs and editors change, as the page cache does: a
``data_changed`` (sent once per kind after a run's writes committed), a page published, unpublished, moved
or deleted, a sponsor or a community snapshot saved or deleted (an editor renaming one, say), a mentorship
program or module saved or deleted, or a module's mentors changed (a program published, say). During a sync
run the per-page signals are left out: the run announces its changes once at the end."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from api.rest.caching import bump_data_version
from apps.core import changes
from apps.core.signals import data_changed


def _on_data_changed(sender=None, kind: str = "", ids=frozenset(), **kwargs):
    bump_data_version(f"{len(ids)} {kind} changed")


def _on_edit(sender, instance=None, **kwargs):
    if changes.in_run():
        return
    bump_data_version(f"{sender.__name__} {getattr(instance, 'pk', '')} changed")


def connect() -> None:
    from wagtail.models import Page

    from apps.mentorship.models import Mentor, Module, Program
    from apps.owasp.models import Snapshot
    from cms.models import Sponsor

    data_changed.connect(_on_data_changed, dispatch_uid="api-rest-data-changed")
    for signal, name in ((page_published, "published"), (page_unpublished, "unpublished"), (post_page_move, "moved")):
        signal.connect(_on_edit, dispatch_uid=f"api-rest-page-{name}")
    post_delete.connect(_on_edit, sender=Page, dispatch_uid="api-rest-page-deleted")
    post_save.connect(_on_edit, sender=Sponsor, dispatch_uid="api-rest-sponsor-saved")
    post_delete.connect(_on_edit, sender=Sponsor, dispatch_uid="api-rest-sponsor-deleted")
    post_save.connect(_on_edit, sender=Snapshot, dispatch_uid="api-rest-snapshot-saved")
    post_delete.connect(_on_edit, sender=Snapshot, dispatch_uid="api-rest-snapshot-deleted")
    for model in (Program, Module, Mentor):
        name = model.__name__.lower()
        post_save.connect(_on_edit, sender=model, dispatch_uid=f"api-rest-mentorship-{name}-saved")
        post_delete.connect(_on_edit, sender=model, dispatch_uid=f"api-rest-mentorship-{name}-deleted")
    m2m_changed.connect(_on_edit, sender=Module.mentors.through, dispatch_uid="api-rest-mentorship-mentors")

"""What keeps the index fresh: ``data_changed`` from sync and services, Wagtail's page signals, view
restrictions and synonym edits.

Small changes are indexed inline once the transaction commits (one page published: a few queries); a change
of more than ``SEARCH_INLINE_LIMIT`` objects goes to a Celery task, inline again when no broker answers.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from apps.core import changes
from apps.core.signals import data_changed
from apps.search.models import DocumentType, SearchDocument, Synonym

logger = logging.getLogger(__name__)

PAGE_KINDS = {
    "projectpage": DocumentType.PROJECT,
    "chapterpage": DocumentType.CHAPTER,
    "committeepage": DocumentType.COMMITTEE,
    "eventpage": DocumentType.EVENT,
}
PAGE_TYPES = tuple(PAGE_KINDS.values())


def update(kind: str, ids) -> None:
    """Index ``ids`` of ``kind``: inline when few, else through Celery."""
    from apps.search.services import indexing

    ids = sorted(set(ids))
    if not ids:
        return
    if len(ids) > settings.SEARCH_INLINE_LIMIT:
        from apps.search.tasks import index_documents_task

        try:
            index_documents_task.delay(kind, ids)
            return
        except Exception:  # noqa: BLE001 - no broker: index now rather than go stale
            logger.warning("search: no broker for %s %s; indexing inline", len(ids), kind)
    indexing.index(kind, ids)


def _kind_of_page(page) -> str | None:
    model = page.specific_class or type(page)
    return PAGE_KINDS.get(model._meta.model_name)


def _page_changed(page) -> None:
    if changes.in_run():
        return  # a sync run: its data_changed names every page it published, once, after commit
    kind = _kind_of_page(page)
    if kind:
        transaction.on_commit(lambda: update(kind, [page.pk]))


def _pages_under(path: str) -> None:
    """Every indexed page at or below ``path`` (a view restriction or a move changed what is public)."""
    rows = Page.objects.filter(path__startswith=path).values_list("pk", "content_type__model")
    by_kind: dict[str, list[int]] = {}
    for pk, model in rows:
        if model in PAGE_KINDS:
            by_kind.setdefault(PAGE_KINDS[model], []).append(pk)
    for kind, ids in by_kind.items():
        transaction.on_commit(lambda kind=kind, ids=ids: update(kind, ids))


@receiver(data_changed, dispatch_uid="search_data_changed")
def on_data_changed(sender, kind, ids, batch="", **kwargs):
    """Sync and services said what changed (after commit). The index's own writes are announced as part of
    the same batch."""
    from apps.core import changes

    if kind == indexing_kind():
        return
    with changes.run(f"search index after {kind}", batch=batch):
        _index_changed(kind, ids)


def indexing_kind() -> str:
    from apps.search.services.indexing import CHANGE_KIND

    return CHANGE_KIND


def _index_changed(kind, ids) -> None:
    from apps.github.models import Issue, LeaderGitHubMatch, RepositoryContributor

    if kind in PAGE_TYPES:
        update(kind, ids)
    elif kind in ("figures", "health"):  # a project's stars, activity or health: its popularity
        update(DocumentType.PROJECT, ids)
    elif kind == "repository":
        update(DocumentType.REPOSITORY, ids)
        # Archived or gone repositories take their issues out of scope; contributors may be new members.
        indexed = SearchDocument.objects.filter(
            type=DocumentType.ISSUE, object_id__in=Issue.objects.filter(repository_id__in=ids).values("pk")
        ).values_list("object_id", flat=True)
        update(
            DocumentType.ISSUE,
            {*Issue.objects.filter(repository_id__in=ids).open().values_list("pk", flat=True), *indexed},
        )
        contributors = RepositoryContributor.objects.filter(repository_id__in=ids).values_list("user_id", flat=True)
        update(DocumentType.MEMBER, contributors)
    elif kind == "issue":
        update(DocumentType.ISSUE, ids)
    elif kind == "leader_match":
        users = LeaderGitHubMatch.objects.filter(leader_id__in=ids).values_list("user_id", flat=True)
        update(DocumentType.MEMBER, [pk for pk in users if pk])


@receiver(page_published, dispatch_uid="search_page_published")
def on_page_published(sender, instance, **kwargs):
    _page_changed(instance)


@receiver(page_unpublished, dispatch_uid="search_page_unpublished")
def on_page_unpublished(sender, instance, **kwargs):
    _page_changed(instance)


@receiver(post_page_move, dispatch_uid="search_page_moved")
def on_page_moved(sender, instance, **kwargs):
    _pages_under(instance.path)


def on_page_deleted(sender, instance, **kwargs):
    """A project, chapter, committee or event page deleted: its document goes once the deletion commits."""
    from apps.search.services import indexing

    kind, pk = PAGE_KINDS[sender._meta.model_name], instance.pk
    transaction.on_commit(lambda: indexing.remove(kind, [pk]))


def connect_page_deletions() -> None:
    """Connected per page class: a receiver for every sender would make Django delete every other model's
    rows one by one (a listener turns its fast delete off)."""
    from cms.models import ChapterPage, CommitteePage, EventPage, ProjectPage

    for model in (ProjectPage, ChapterPage, CommitteePage, EventPage):
        post_delete.connect(on_page_deleted, sender=model, dispatch_uid=f"search_deleted_{model._meta.model_name}")


connect_page_deletions()


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="search_restriction_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="search_restriction_deleted")
def on_restriction_changed(sender, instance, **kwargs):
    _pages_under(instance.page.path)


@receiver(post_save, sender=Synonym, dispatch_uid="search_synonym_saved")
@receiver(post_delete, sender=Synonym, dispatch_uid="search_synonym_deleted")
def on_synonym_changed(sender, instance, **kwargs):
    """Synonyms are indexed into the documents' aliases: the entity documents are rebuilt (issues keep theirs)."""
    from apps.search.tasks import reindex_task

    kinds = [*PAGE_TYPES, DocumentType.REPOSITORY, DocumentType.MEMBER]

    def rebuild():
        try:
            reindex_task.delay(kinds)
        except Exception:  # noqa: BLE001 - no broker: rebuild now
            reindex_task(kinds)

    transaction.on_commit(rebuild)

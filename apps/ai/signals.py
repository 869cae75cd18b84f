"""What makes the embeddings follow Nest's content: ``data_changed`` after a sync run or a job, and an
editor's publish or unpublish of a page. Each refreshes the contexts of what changed (a new content hash
where the text changed) and, where Celery runs (``NEST_AI_EMBED_ON_CHANGE``), queues the embedding; the
scheduled task embeds whatever is still pending either way. A deleted page, repository or issue takes its
context and chunks with it (foreign keys, on delete cascade). During a sync run the per-page signals are
ignored: the run announces its changes once, by kind. A saved or deleted prompt is forgotten by the cache.
"""

import logging

from django.conf import settings
from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from apps.core import changes
from apps.core.signals import data_changed

logger = logging.getLogger(__name__)

_PAGE_KINDS = {"projectpage": "project", "chapterpage": "chapter", "committeepage": "committee", "eventpage": "event"}


def _queue_embedding() -> None:
    if not settings.NEST_AI_EMBED_ON_CHANGE:
        return
    from apps.ai.tasks import embed_task

    transaction.on_commit(lambda: embed_task.delay(refresh=False))


def _on_data_changed(sender=None, kind: str = "", ids=frozenset(), **kwargs):
    from apps.ai.services.embedding import embed_changed

    report = embed_changed(kind, ids)
    if report.created or report.changed or report.removed:
        logger.debug("embeddings: %s %s changed: %s", len(ids), kind, report)
        _queue_embedding()


def page_kind(page) -> str | None:
    model = page.specific_class
    return _PAGE_KINDS.get(model._meta.model_name) if model is not None else None


def _on_page_change(sender, instance=None, **kwargs):
    if instance is None or changes.in_run():
        return
    kind = page_kind(instance)
    if kind is None:
        return
    page_id = instance.pk

    def refresh():
        from apps.ai.services.embedding import embed_changed

        try:
            report = embed_changed(kind, [page_id])
            if report.created or report.changed or report.removed:
                _queue_embedding()
        except Exception:  # an editor's publish must not fail on the embeddings
            logger.exception("embeddings: refreshing %s %s failed", kind, page_id)

    transaction.on_commit(refresh)


def _on_prompt_saved(sender, instance=None, **kwargs):
    from apps.ai.services.prompts import forget

    key = instance.key
    transaction.on_commit(lambda: forget(key))
    forget(key)  # now too: a reader in this transaction gets the new text


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from apps.ai.models import Prompt

    post_save.connect(_on_prompt_saved, sender=Prompt, dispatch_uid="ai-prompt-saved")
    post_delete.connect(_on_prompt_saved, sender=Prompt, dispatch_uid="ai-prompt-deleted")
    data_changed.connect(_on_data_changed, dispatch_uid="ai-embeddings-data-changed")
    page_published.connect(_on_page_change, dispatch_uid="ai-embeddings-published")
    page_unpublished.connect(_on_page_change, dispatch_uid="ai-embeddings-unpublished")

"""Celery tasks of the search index: large incremental updates, the full reindex and the nightly vocabulary."""

from celery import shared_task

from apps.search.services import indexing, vocabulary


@shared_task
def index_documents_task(kind: str, ids: list[int]) -> dict:
    """Bring the documents of ``ids`` of ``kind`` up to date (what a big sync changed)."""
    return indexing.index(kind, ids).as_dict()


@shared_task
def reindex_task(kinds: list[str] | None = None) -> dict:
    return indexing.reindex(kinds).as_dict()


@shared_task
def rebuild_vocabulary_task() -> int:
    """The typo vocabulary with the day's words and frequencies (beat, nightly)."""
    return vocabulary.rebuild_vocabulary()

"""Celery tasks of the search index: large incremental updates, the full reindex and the nightly vocabulary."""

from celery import shared_task

from apps.search.services import indexing, vocabulary


@shared_task(name="search.index_documents")
def index_documents_task(kind: str, ids: list[int]) -> dict:
    """Bring the documents of ``ids`` of ``kind`` up to date (what a big sync changed)."""
    return indexing.index(kind, ids).as_dict()


@shared_task(name="search.reindex")
def reindex_task(kinds: list[str] | None = None) -> dict:
    return indexing.reindex(kinds).as_dict()


@shared_task(name="search.rebuild_vocabulary")
def rebuild_vocabulary_task() -> dict:
    """Nightly (beat): issues that aged out of the offered scope leave the index, and the typo vocabulary
    gets the day's words and frequencies."""
    return {"issues_pruned": indexing.prune_issues(), "terms": vocabulary.rebuild_vocabulary()}

"""Celery tasks of the embeddings: beat embeds what is pending every 15 minutes (a provider switch included)
and refreshes every context nightly; a change queues the same task."""

from celery import shared_task

from apps.ai.services.embedding import sync_embeddings


@shared_task(name="ai.embed", ignore_result=False)
def embed_task(refresh: bool = True, limit: int | None = None) -> dict:
    """Refresh the contexts (unless ``refresh`` is False) and embed what is pending with the configured
    provider; returns the report. Another run in progress makes this one a no-op."""
    return sync_embeddings(refresh=refresh, limit=limit).as_dict()


@shared_task(name="ai.summarize", ignore_result=False)
def summarize_task(max_issues: int | None = None, max_tokens: int | None = None) -> dict:
    """Summaries and hints of the offerable issues that changed, within the settings' caps; returns the report.
    A no-op without an OpenAI chat model."""
    from apps.ai.services.summaries import summarize_issues

    return summarize_issues(max_issues=max_issues, max_tokens=max_tokens).as_dict()

"""Embedding providers behind one interface (``base.EmbeddingProvider``): the local MiniLM encoder by default,
OpenAI when ``OPENAI_API_KEY`` is set (or as ``NEST_AI_EMBEDDING_PROVIDER`` says)."""

from __future__ import annotations

from django.conf import settings

from apps.ai.providers.base import EmbeddingBatch, EmbeddingProvider, ProviderError

__all__ = ["EmbeddingBatch", "EmbeddingProvider", "ProviderError", "configured_provider", "provider_for_model"]

LOCAL, OPENAI = "local", "openai"


def configured_name() -> str:
    """The provider the settings choose: ``NEST_AI_EMBEDDING_PROVIDER`` when set, else OpenAI with a key."""
    chosen = (settings.NEST_AI_EMBEDDING_PROVIDER or "").strip().lower()
    if chosen in (LOCAL, OPENAI):
        return chosen
    return OPENAI if settings.OPENAI_API_KEY else LOCAL


def build(name: str, **options) -> EmbeddingProvider:
    if name == OPENAI:
        if not settings.OPENAI_API_KEY:
            raise ProviderError("the OpenAI embedding provider needs OPENAI_API_KEY")
        from apps.ai.providers.openai_embeddings import OpenAIProvider

        options = {
            "api_key": settings.OPENAI_API_KEY,
            "base_url": settings.OPENAI_BASE_URL or None,
            "model": settings.OPENAI_EMBEDDING_MODEL,
            "batch_size": settings.OPENAI_EMBEDDING_BATCH,
            "timeout": settings.OPENAI_TIMEOUT,
            "max_retries": settings.OPENAI_MAX_RETRIES,
            **options,
        }
        return OpenAIProvider(**options)
    from apps.ai.providers.local import LocalProvider

    return LocalProvider(**{"batch_size": settings.NEST_AI_LOCAL_BATCH, **options})


def configured_provider(**options) -> EmbeddingProvider:
    return build(configured_name(), **options)


def provider_for_model(model_name: str) -> EmbeddingProvider | None:
    """A provider that embeds with ``model_name`` (to embed queries for chunks made with it), or None when
    none can now (the OpenAI model without a key)."""
    from apps.ai.providers.local import MODEL_NAME

    if model_name == MODEL_NAME:
        return build(LOCAL)
    if settings.OPENAI_API_KEY and model_name == settings.OPENAI_EMBEDDING_MODEL:
        return build(OPENAI)
    return None

"""OpenAI embeddings, used when ``OPENAI_API_KEY`` is set: the openai client, its base URL configurable.

Texts go in batches (``OPENAI_EMBEDDING_BATCH`` per request). A rate limit (429), a server error (5xx), a
timeout or a lost connection is retried with exponential backoff (honouring ``Retry-After``) up to
``OPENAI_MAX_RETRIES`` times; a reply that is not a list of vectors of the expected size, or any other
error, fails the batch at once. Tokens and cost are counted from the replies' ``usage``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import numpy as np

from apps.ai.providers.base import EmbeddingBatch, EmbeddingProvider, ProviderError

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "text-embedding-3-small"
# The dimensions of OpenAI's embedding models (a chunk's column is sized by them).
MODEL_DIMENSIONS = {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536}
# US dollars per million input tokens (OpenAI's list prices); a model not listed is priced by the setting.
PRICE_PER_MILLION_TOKENS = {
    "text-embedding-3-small": 0.02,
    "text-embedding-3-large": 0.13,
    "text-embedding-ada-002": 0.10,
}


class OpenAIProvider(EmbeddingProvider):
    name = "openai"

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None = None,
        model: str = DEFAULT_MODEL,
        dimensions: int | None = None,
        batch_size: int = 256,
        timeout: float = 30.0,
        max_retries: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        price_per_million_tokens: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import openai

        self._openai = openai
        # The client's own retries are off: these are counted here, with their own backoff.
        self.client = openai.OpenAI(api_key=api_key, base_url=base_url or None, timeout=timeout, max_retries=0)
        self.model_name = model
        self.dimensions = dimensions or MODEL_DIMENSIONS.get(model, 1536)
        self.batch_size = max(1, batch_size)
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.price = (
            price_per_million_tokens if price_per_million_tokens is not None else PRICE_PER_MILLION_TOKENS.get(model)
        ) or 0.0
        self.sleep = sleep

    def embed(self, texts: list[str]) -> EmbeddingBatch:
        result = EmbeddingBatch(vectors=[])
        for start in range(0, len(texts), self.batch_size):
            self._embed_batch(list(texts[start : start + self.batch_size]), result)
        result.cost_usd = result.tokens * self.price / 1_000_000
        return result

    def _embed_batch(self, texts: list[str], result: EmbeddingBatch) -> None:
        # An empty string is refused by the API: a space embeds as "nothing".
        inputs = [text if text.strip() else " " for text in texts]
        attempt = 0
        while True:
            result.requests += 1
            try:
                reply = self.client.embeddings.create(
                    model=self.model_name,
                    input=inputs,
                    encoding_format="float",
                    **({"dimensions": self.dimensions} if self.model_name.startswith("text-embedding-3") else {}),
                )
                break
            except (self._openai.RateLimitError, self._openai.InternalServerError) as exc:
                error, wait = exc, _retry_after(exc)
            except (self._openai.APITimeoutError, self._openai.APIConnectionError) as exc:
                error, wait = exc, None
            except self._openai.APIStatusError as exc:
                if exc.status_code < 500:
                    raise ProviderError(f"OpenAI refused the embeddings request ({exc.status_code}): {exc}") from exc
                error, wait = exc, _retry_after(exc)
            except self._openai.APIResponseValidationError as exc:
                raise ProviderError(f"OpenAI sent a malformed embeddings reply: {exc}") from exc
            except (ValueError, TypeError, KeyError) as exc:  # a body that is not the JSON promised
                raise ProviderError(f"OpenAI sent a malformed embeddings reply: {exc!r}") from exc
            if attempt >= self.max_retries:
                raise ProviderError(f"OpenAI embeddings failed after {attempt + 1} attempts: {error}") from error
            delay = min(self.max_backoff, wait if wait is not None else self.backoff * (2**attempt))
            logger.warning("OpenAI embeddings: %s; retrying in %.1f s", type(error).__name__, delay)
            attempt += 1
            result.retries += 1
            self.sleep(delay)
        result.vectors.extend(self._vectors(reply, len(inputs)))
        usage = getattr(reply, "usage", None)
        result.tokens += int(getattr(usage, "prompt_tokens", 0) or getattr(usage, "total_tokens", 0) or 0)

    def _vectors(self, reply, expected: int) -> list[np.ndarray]:
        data = getattr(reply, "data", None)
        if not isinstance(data, list) or len(data) != expected:
            raise ProviderError(f"OpenAI sent {len(data) if isinstance(data, list) else 'no'} vectors for {expected}")
        ordered = sorted(data, key=lambda item: getattr(item, "index", 0))
        vectors = []
        for item in ordered:
            embedding = getattr(item, "embedding", None)
            try:
                vector = np.asarray(embedding, dtype=np.float32)
            except (TypeError, ValueError) as exc:
                raise ProviderError("OpenAI sent an embedding that is not a list of numbers") from exc
            if vector.shape != (self.dimensions,) or not np.all(np.isfinite(vector)):
                raise ProviderError(f"OpenAI sent an embedding of shape {vector.shape}, not ({self.dimensions},)")
            norm = float(np.linalg.norm(vector))
            vectors.append(vector / norm if norm else vector)
        return vectors


def _retry_after(exc) -> float | None:
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None

"""The one interface every embedding provider offers: a model name, its dimensions, and ``embed(texts)``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

import numpy as np


class ProviderError(Exception):
    """The provider could not embed the texts (after its retries): the caller keeps what it had."""


@dataclass
class EmbeddingBatch:
    """Unit-length vectors, one per text in order, and what producing them cost."""

    vectors: list[np.ndarray]
    tokens: int = 0
    cost_usd: float = 0.0
    requests: int = 0
    retries: int = 0
    details: dict = field(default_factory=dict)


class EmbeddingProvider(ABC):
    """Turns texts into vectors of ``dimensions`` numbers, all with the model ``model_name``.

    ``model_name`` is what a chunk records, so vectors of different models never meet in one search.
    """

    name: str = ""
    model_name: str = ""
    dimensions: int = 0

    @abstractmethod
    def embed(self, texts: list[str]) -> EmbeddingBatch:
        """One vector per text, in order, with what the call cost."""

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text]).vectors[0]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.model_name} ({self.dimensions} d)>"

from apps.ai.models.chunk import Chunk, EmbeddingIndex
from apps.ai.models.context import Context, EntityType

__all__ = ["Chunk", "Context", "EmbeddingIndex", "EntityType"]

from apps.ai.models.chunk import Chunk, EmbeddingIndex
from apps.ai.models.context import Context, EntityType
from apps.ai.models.prompt import Prompt, PromptVersion

__all__ = ["Chunk", "Context", "EmbeddingIndex", "EntityType", "Prompt", "PromptVersion"]

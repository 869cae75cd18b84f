from apps.ai.models.chunk import Chunk, EmbeddingIndex
from apps.ai.models.context import Context, EntityType
from apps.ai.models.prompt import Prompt, PromptVersion
from apps.ai.models.summary import IssueSummary

__all__ = ["Chunk", "Context", "EmbeddingIndex", "EntityType", "IssueSummary", "Prompt", "PromptVersion"]

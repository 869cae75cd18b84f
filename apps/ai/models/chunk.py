"""``Chunk``: a piece of a context's text and its embedding by one model; ``EmbeddingIndex``: each model's state."""

import hashlib

from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from pgvector.django import HnswIndex, VectorField

# The models whose HNSW index the migrations create. pgvector indexes vectors of one dimension only, so the
# column has none and each model's index is partial (its rows only) on the column cast to its dimension;
# a query must use the same cast (``services.retrieval``). Another model gets its index when it is first
# embedded (``services.indexes.ensure_index``).
INDEXED_MODELS = {"all-MiniLM-L6-v2": 384, "text-embedding-3-small": 1536}
HNSW_M, HNSW_EF_CONSTRUCTION = 16, 64


def index_name(model_name: str) -> str:
    """A name within Django's 30 characters, the same for the same model: ``ai_hnsw_allminilml6v2_5d1a0c``."""
    slug = "".join(c for c in model_name.lower() if c.isalnum())[:12]
    return f"ai_hnsw_{slug}_{hashlib.sha256(model_name.encode()).hexdigest()[:6]}"


def hnsw_index(model_name: str, dimensions: int) -> HnswIndex:
    return HnswIndex(
        OpClass(Cast("embedding", VectorField(dimensions=dimensions)), name="vector_cosine_ops"),
        name=index_name(model_name),
        condition=Q(model_name=model_name),
        m=HNSW_M,
        ef_construction=HNSW_EF_CONSTRUCTION,
    )


class Chunk(models.Model):
    """A passage of a context's text (at ``position``), embedded by ``model_name``.

    ``content_hash`` is the context's hash when the passage was cut: a context is up to date for a model
    while its chunks carry its current hash. ``entity_type`` repeats the context's, so that a search limited
    to some kinds filters in the index scan.
    """

    context = models.ForeignKey("ai.Context", on_delete=models.CASCADE, related_name="chunks")
    entity_type = models.CharField(max_length=16)
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    content_hash = models.CharField(max_length=64)
    model_name = models.CharField(max_length=100)
    dimensions = models.PositiveSmallIntegerField()
    embedding = VectorField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["context", "model_name", "position"], name="ai_chunk_context_model_uq"),
        ]
        indexes = [
            models.Index(fields=["model_name", "content_hash"], name="ai_chunk_model_hash"),
            *(hnsw_index(name, dimensions) for name, dimensions in INDEXED_MODELS.items()),
        ]

    def __str__(self) -> str:
        return f"{self.context_id}#{self.position} ({self.model_name})"


class EmbeddingIndex(models.Model):
    """One embedding model's chunks as a whole: retrieval reads the active one only, so that a switch of
    provider serves the old model's chunks until the new model has embedded everything."""

    model_name = models.CharField(max_length=100, unique=True)
    provider = models.CharField(max_length=32)
    dimensions = models.PositiveSmallIntegerField()
    is_active = models.BooleanField(default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True, help_text="When every context was first embedded.")
    tokens = models.BigIntegerField(default=0, help_text="Tokens embedded with this model so far.")
    cost_usd = models.DecimalField(max_digits=12, decimal_places=6, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="ai_one_active_index"),
        ]

    def __str__(self) -> str:
        return f"{self.model_name} ({'active' if self.is_active else 'inactive'})"

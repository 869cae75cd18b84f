"""Semantic retrieval: the entities whose embedded text is nearest a question, each with its best passage.

``similar(query_text, types=None, limit=20)`` embeds the question with the model of the active index (the one
whose chunks are complete: see ``services.embedding``), reads the nearest chunks through that model's HNSW
index (``hnsw.ef_search`` = ``NEST_AI_EF_SEARCH``, 100 by default, set for this transaction only), and keeps
the best chunk of each entity. It returns [] when nothing is embedded yet or no provider can embed the
question. The search service's hybrid ranking calls it; so will question answering.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
from django.conf import settings
from django.db import connection, transaction

from apps.ai.models import Chunk, EmbeddingIndex, EntityType
from apps.ai.providers import ProviderError, provider_for_model

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 2000
_QUERY_CACHE_SIZE = 256
_query_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()


class Match(NamedTuple):
    """One entity found: what it is, its id (page, repository or issue), the cosine similarity of its best
    chunk (1 is the same meaning, 0 unrelated) and that chunk (``chunk.text``, ``chunk.context.title``)."""

    entity_type: str
    object_id: int
    score: float
    chunk: Chunk


def _query_vector(model_name: str, text: str) -> np.ndarray | None:
    key = (model_name, text)
    if key in _query_cache:
        _query_cache.move_to_end(key)
        return _query_cache[key]
    provider = provider_for_model(model_name)
    if provider is None:
        logger.warning("retrieval: no provider can embed queries for %s", model_name)
        return None
    try:
        vector = provider.embed_query(text)
    except ProviderError as exc:
        logger.warning("retrieval: the query could not be embedded: %s", exc)
        return None
    _query_cache[key] = vector
    if len(_query_cache) > _QUERY_CACHE_SIZE:
        _query_cache.popitem(last=False)
    return vector


def _literal(vector: np.ndarray) -> str:
    return "[" + ",".join(repr(float(x)) for x in vector) + "]"


def nearest_chunks(index: EmbeddingIndex, vector: np.ndarray, *, types: list[str] | None, count: int):
    """(chunk id, context id, distance) of the ``count`` chunks nearest ``vector``, by the index's HNSW."""
    dimensions = int(index.dimensions)
    distance = f"(embedding::vector({dimensions}) <=> %s::vector({dimensions}))"
    where = "model_name = %s"
    params: list = [_literal(vector), index.model_name]
    if types:
        where += " AND entity_type = ANY(%s)"
        params.append(types)
    sql = f"SELECT id, context_id, {distance} AS distance FROM ai_chunk WHERE {where} ORDER BY distance LIMIT %s"  # noqa: S608 - only numbers are formatted in
    with transaction.atomic(), connection.cursor() as cursor:
        ef_search = max(int(settings.NEST_AI_EF_SEARCH), count)
        cursor.execute(f"SET LOCAL hnsw.ef_search = {ef_search}")
        if types:  # filtered in the scan: pgvector 0.8 goes on scanning until it has enough rows
            cursor.execute("SET LOCAL hnsw.iterative_scan = relaxed_order")
        cursor.execute(sql, [*params, count])
        return cursor.fetchall()


def has_embeddings() -> bool:
    """Whether the active index holds any chunk: False on a fresh install until the first embedding run (or
    while a first model has embedded nothing yet)."""
    index = EmbeddingIndex.objects.filter(is_active=True).only("model_name").first()
    return index is not None and Chunk.objects.filter(model_name=index.model_name).exists()


def similar(query_text: str, *, types: Iterable[str] | None = None, limit: int = 20) -> list[Match]:
    """The ``limit`` entities (of ``types``, default all) nearest in meaning to ``query_text``, best first,
    each with its best chunk; [] for an empty query or when nothing is embedded."""
    text = " ".join((query_text or "").split())[:MAX_QUERY_CHARS]
    if not text or limit <= 0:
        return []
    if isinstance(types, str):
        types = [types]
    kinds = sorted({str(t) for t in types}) if types else None
    if kinds is not None:
        unknown = set(kinds) - set(EntityType.values)
        if unknown:
            raise ValueError(f"unknown entity types: {', '.join(sorted(unknown))}")
    index = EmbeddingIndex.objects.filter(is_active=True).first()
    if index is None:
        return []
    vector = _query_vector(index.model_name, text)
    if vector is None:
        return []
    # Several chunks of one entity may come first: read more than ``limit`` to return ``limit`` entities.
    rows = nearest_chunks(index, vector, types=kinds, count=min(1000, max(limit * 5, 40)))
    best: dict[int, tuple[int, float]] = {}
    for chunk_id, context_id, distance in rows:
        if context_id not in best:
            best[context_id] = (chunk_id, float(distance))
    chosen = sorted(best.values(), key=lambda item: item[1])[:limit]
    chunks = Chunk.objects.select_related("context").in_bulk([chunk_id for chunk_id, _ in chosen])
    return [
        Match(
            chunks[chunk_id].context.entity_type, chunks[chunk_id].context.object_id, 1.0 - distance, chunks[chunk_id]
        )
        for chunk_id, distance in chosen
        if chunk_id in chunks
    ]


def best_chunks(query_text: str, entities: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Match]:
    """For each (entity type, id) of ``entities`` that has chunks in the active index, its chunk nearest in
    meaning to ``query_text`` with that cosine similarity: how a question's hybrid retrieval scores an entity
    the lexical search found and the nearest-neighbour scan did not. A few entities only (one query, exact
    distances over their chunks, no index scan)."""
    wanted = {(str(kind), int(pk)) for kind, pk in entities}
    text = " ".join((query_text or "").split())[:MAX_QUERY_CHARS]
    if not wanted or not text:
        return {}
    index = EmbeddingIndex.objects.filter(is_active=True).first()
    if index is None:
        return {}
    vector = _query_vector(index.model_name, text)
    if vector is None:
        return {}
    dimensions = int(index.dimensions)
    pairs = sorted(wanted)
    sql = (
        "SELECT DISTINCT ON (c.context_id) c.id, "  # noqa: S608 - only numbers are formatted in
        f"(c.embedding::vector({dimensions}) <=> %s::vector({dimensions})) AS distance "
        "FROM ai_chunk c JOIN ai_context x ON x.id = c.context_id "
        "WHERE c.model_name = %s AND (x.entity_type, x.object_id) IN (SELECT * FROM unnest(%s::text[], %s::bigint[])) "
        "ORDER BY c.context_id, distance"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_literal(vector), index.model_name, [k for k, _ in pairs], [p for _, p in pairs]])
        rows = cursor.fetchall()
    chunks = Chunk.objects.select_related("context").in_bulk([chunk_id for chunk_id, _ in rows])
    found = {}
    for chunk_id, distance in rows:
        chunk = chunks.get(chunk_id)
        if chunk is not None:
            key = (chunk.context.entity_type, chunk.context.object_id)
            found[key] = Match(key[0], key[1], 1.0 - float(distance), chunk)
    return found

"""Keep the embeddings in step with Nest's content: refresh the contexts, embed what changed, switch models.

``refresh_contexts`` recomputes the text of some entities and records a new content hash only where the
text changed (and drops the contexts of entities no longer embedded: unpublished pages, closed issues).
``embed_pending`` embeds every context whose chunks for the provider's model do not carry its current hash:
new and changed contexts, or all of them for a model just configured. A model becomes the one retrieval
reads (``EmbeddingIndex.is_active``) once nothing is pending for it, so switching provider re-embeds in the
background while retrieval goes on with the old model's chunks; the old model's chunks are then deleted.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from apps.ai.models import Chunk, Context, EmbeddingIndex, EntityType
from apps.ai.models.chunk import INDEXED_MODELS, hnsw_index, index_name
from apps.ai.providers import EmbeddingProvider, ProviderError, configured_provider
from apps.ai.services.chunking import split
from apps.ai.services.content import Document, documents

logger = logging.getLogger(__name__)

# Contexts embedded per transaction (and per provider call, whose own batching splits them further).
CONTEXTS_PER_BATCH = 32
# One embedding run at a time per database (a second one finds the lock taken and leaves).
LOCK_KEY = 0x4E455354_4149  # "NEST" "AI"


class Progress:
    """What a long run tells its caller (the command shows a progress bar)."""

    def start(self, total: int) -> None: ...

    def update(self, contexts: int, chunks: int) -> None: ...

    def close(self) -> None: ...


@dataclass
class RefreshReport:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0

    def add(self, other: RefreshReport) -> None:
        for name in ("created", "changed", "unchanged", "removed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class EmbedReport:
    model_name: str = ""
    refreshed: RefreshReport = field(default_factory=RefreshReport)
    contexts: int = 0
    chunks: int = 0
    tokens: int = 0
    cost_usd: float = 0.0
    seconds: float = 0.0
    pending: int = 0
    activated: bool = False
    skipped: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def chunks_per_second(self) -> float:
        return self.chunks / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "chunks_per_second": round(self.chunks_per_second, 1)}

    def summary(self) -> str:
        if self.skipped:
            return f"Embedding skipped: {self.skipped}."
        r = self.refreshed
        lines = [
            f"Contexts: {r.created} new, {r.changed} changed, {r.unchanged} unchanged, {r.removed} removed.",
            f"Embedded {self.contexts} contexts in {self.chunks} chunks with {self.model_name} in {self.seconds:.1f} s"
            f" ({self.chunks_per_second:.1f} chunks/s, {self.tokens} tokens, ${self.cost_usd:.4f}).",
        ]
        if self.pending:
            lines.append(f"{self.pending} contexts still to embed.")
        if self.activated:
            lines.append(f"{self.model_name} is now the model retrieval uses.")
        lines.extend(f"Error: {error}" for error in self.errors)
        return "\n".join(lines)


def refresh_contexts(entity_type: str, ids: Iterable[int] | None = None) -> RefreshReport:
    """Bring the contexts of ``entity_type`` (all, or those of ``ids``) in line with the entities' text:
    create, re-hash where the text changed, delete where the entity is no longer embedded."""
    report = RefreshReport()
    ids = None if ids is None else list(ids)
    existing = {
        object_id: (pk, content_hash, title)
        for pk, object_id, content_hash, title in Context.objects.of(entity_type, ids).values_list(
            "pk", "object_id", "content_hash", "title"
        )
    }
    seen: set[int] = set()
    creates: list[Context] = []
    updates: list[Context] = []
    for document in documents(entity_type, ids):
        if not document.text:
            continue
        seen.add(document.object_id)
        current = existing.get(document.object_id)
        if current is None:
            creates.append(_new_context(document))
        elif current[1] != document.content_hash or current[2] != document.title[:1024]:
            updates.append(
                Context(
                    pk=current[0],
                    content_hash=document.content_hash,
                    title=document.title[:1024],
                    updated_at=timezone.now(),  # bulk_update does not fill auto_now
                )
            )
        else:
            report.unchanged += 1
    gone = [pk for object_id, (pk, _, _) in existing.items() if object_id not in seen]
    with transaction.atomic():
        Context.objects.bulk_create(creates, batch_size=500, ignore_conflicts=True)
        Context.objects.bulk_update(updates, ["content_hash", "title", "updated_at"], batch_size=500)
        if gone:
            Context.objects.filter(pk__in=gone).delete()
    report.created, report.changed, report.removed = len(creates), len(updates), len(gone)
    return report


def _new_context(document: Document) -> Context:
    return Context(
        entity_type=document.entity_type,
        object_id=document.object_id,
        title=document.title[:1024],
        content_hash=document.content_hash,
        **document.target(),
    )


def refresh_all(types: Iterable[str] | None = None) -> RefreshReport:
    report = RefreshReport()
    for entity_type in types or EntityType.values:
        report.add(refresh_contexts(entity_type))
    return report


def refresh_issues_of_repositories(repository_ids: Iterable[int]) -> RefreshReport:
    """A repository archived, gone or back changes which of its issues are embedded."""
    from apps.github.models import Issue

    repository_ids = list(repository_ids)
    embedded = Context.objects.filter(entity_type=EntityType.ISSUE, issue__repository_id__in=repository_ids)
    open_issues = Issue.objects.open().filter(repository_id__in=repository_ids)
    ids = set(embedded.values_list("object_id", flat=True)) | set(open_issues.values_list("pk", flat=True))
    return refresh_contexts(EntityType.ISSUE, ids) if ids else RefreshReport()


def pending(model_name: str, types: Iterable[str] | None = None):
    """Contexts whose chunks for ``model_name`` are missing or carry an older content hash."""
    current = Chunk.objects.filter(
        context=OuterRef("pk"), model_name=model_name, position=0, content_hash=OuterRef("content_hash")
    )
    contexts = Context.objects.filter(~Exists(current))
    return contexts.filter(entity_type__in=list(types)) if types else contexts


def ensure_index(model_name: str, dimensions: int) -> None:
    """The HNSW index of ``model_name``'s chunks, made now for a model the migrations do not know."""
    if INDEXED_MODELS.get(model_name) == dimensions:
        return
    if dimensions > 2000:  # pgvector's limit for an HNSW index on vector
        raise ProviderError(f"{model_name}: {dimensions} dimensions is more than an HNSW index takes (2000)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [index_name(model_name)])
        if cursor.fetchone():
            return
    with connection.schema_editor() as editor:
        editor.add_index(Chunk, hnsw_index(model_name, dimensions))


def _lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        return bool(cursor.fetchone()[0])


def _unlock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def embed_pending(
    provider: EmbeddingProvider | None = None,
    *,
    types: Iterable[str] | None = None,
    limit: int | None = None,
    context_ids: Iterable[int] | None = None,
    progress: Progress | None = None,
    report: EmbedReport | None = None,
) -> EmbedReport:
    """Embed the pending contexts (at most ``limit``; only those of ``context_ids`` if given) with ``provider``
    (the configured one by default), then make its model the active one if nothing is left pending for it."""
    provider = provider or configured_provider()
    report = report or EmbedReport()
    report.model_name = provider.model_name
    progress = progress or Progress()
    if not _lock():
        report.skipped = "another embedding run is in progress"
        return report
    started = time.monotonic()
    try:
        ensure_index(provider.model_name, provider.dimensions)
        index, _ = EmbeddingIndex.objects.get_or_create(
            model_name=provider.model_name, defaults={"provider": provider.name, "dimensions": provider.dimensions}
        )
        waiting = pending(provider.model_name, types)
        if context_ids is not None:
            waiting = waiting.filter(pk__in=list(context_ids))
        todo = list(waiting.order_by("pk").values_list("pk", flat=True)[:limit])
        progress.start(len(todo))
        for start in range(0, len(todo), CONTEXTS_PER_BATCH):
            try:
                contexts, chunks, tokens, cost = _embed_contexts(provider, todo[start : start + CONTEXTS_PER_BATCH])
            except ProviderError as exc:
                report.errors.append(str(exc))
                logger.error("embedding with %s failed: %s", provider.model_name, exc)
                break
            report.contexts += contexts
            report.chunks += chunks
            report.tokens += tokens
            report.cost_usd += cost
            progress.update(contexts, chunks)
        EmbeddingIndex.objects.filter(pk=index.pk).update(
            tokens=index.tokens + report.tokens, cost_usd=index.cost_usd + Decimal(str(round(report.cost_usd, 6)))
        )
        report.pending = pending(provider.model_name).count()
        if not report.pending and not report.errors:
            report.activated = activate(index)
    finally:
        progress.close()
        _unlock()
        report.seconds = time.monotonic() - started
    return report


def _embed_contexts(provider: EmbeddingProvider, context_ids: list[int]) -> tuple[int, int, int, float]:
    """Chunk and embed these contexts; replace their chunks of the provider's model in one transaction."""
    contexts = {c.pk: c for c in Context.objects.filter(pk__in=context_ids)}
    by_type: dict[str, dict[int, Context]] = defaultdict(dict)
    for context in contexts.values():
        by_type[context.entity_type][context.object_id] = context
    work: list[tuple[Context, str, list[str]]] = []
    gone: list[int] = []
    for entity_type, of_type in by_type.items():
        found = {document.object_id: document for document in documents(entity_type, of_type)}
        for object_id, context in of_type.items():
            document = found.get(object_id)
            passages = split(document.text) if document else []
            if not passages:
                gone.append(context.pk)  # no longer embedded since the refresh: the next refresh agrees
                continue
            work.append((context, document.content_hash, passages))
    texts = [passage for _, _, passages in work for passage in passages]
    batch = provider.embed(texts) if texts else None
    vectors = iter(batch.vectors if batch else [])
    rows: list[Chunk] = []
    for context, content_hash, passages in work:
        for position, passage in enumerate(passages):
            rows.append(
                Chunk(
                    context=context,
                    entity_type=context.entity_type,
                    position=position,
                    text=passage,
                    content_hash=content_hash,
                    model_name=provider.model_name,
                    dimensions=provider.dimensions,
                    embedding=next(vectors),
                )
            )
    with transaction.atomic():
        if gone:
            Context.objects.filter(pk__in=gone).delete()
        for context, content_hash, _ in work:
            if context.content_hash != content_hash:  # the text moved on since the refresh: follow what is embedded
                Context.objects.filter(pk=context.pk).update(content_hash=content_hash)
        Chunk.objects.filter(context_id__in=[c.pk for c, _, _ in work], model_name=provider.model_name).delete()
        Chunk.objects.bulk_create(rows, batch_size=500)
    return len(work), len(rows), batch.tokens if batch else 0, batch.cost_usd if batch else 0.0


def activate(index: EmbeddingIndex) -> bool:
    """Make ``index`` the one retrieval reads and delete the chunks of every other model; False if it
    already was."""
    with transaction.atomic():
        if EmbeddingIndex.objects.filter(pk=index.pk, is_active=True).exists():
            if index.completed_at is None:
                EmbeddingIndex.objects.filter(pk=index.pk).update(completed_at=timezone.now())
            return False
        EmbeddingIndex.objects.filter(is_active=True).update(is_active=False)
        EmbeddingIndex.objects.filter(pk=index.pk).update(is_active=True, completed_at=timezone.now())
    removed, _ = Chunk.objects.exclude(model_name=index.model_name).delete()
    logger.info("embeddings: %s is active; %s chunks of older models removed", index.model_name, removed)
    return True


def active_index() -> EmbeddingIndex | None:
    return EmbeddingIndex.objects.filter(is_active=True).first()


def sync_embeddings(
    provider: EmbeddingProvider | None = None,
    *,
    refresh: bool = True,
    types: Iterable[str] | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
) -> EmbedReport:
    """Refresh every context (unless ``refresh`` is False), then embed what is pending: the command's and the
    scheduled task's whole job."""
    report = EmbedReport()
    if refresh:
        report.refreshed = refresh_all(types)
    return embed_pending(provider, types=types, limit=limit, progress=progress, report=report)


def embed_changed(kind: str, ids: Iterable[int]) -> RefreshReport:
    """What ``data_changed`` or a page signal reports: refresh those contexts (embedding follows in a task)."""
    ids = list(ids)
    if kind not in EntityType.values or not ids:
        return RefreshReport()
    report = refresh_contexts(kind, ids)
    if kind == EntityType.REPOSITORY:
        report.add(refresh_issues_of_repositories(ids))
    return report

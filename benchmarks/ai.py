"""Embeddings and retrieval (apps.ai): chunks embedded per second, the time to embed from empty and after one
page changed, and retrieval p50 / p95 (ms), on the database the settings point at.

On the real OWASP data (a cluster of its own, synced from ../shared/data):

    export NEST_PGDATA=/tmp/bench-ai-real
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py sync_owasp
    .venv/bin/python benchmarks/ai.py --from-empty --recall

On the 10x database (pages, repositories and issues made by ``generate_data --scale 10``):

    export NEST_PGDATA=/tmp/bench10-pgdata
    .venv/bin/python manage.py migrate
    .venv/bin/python benchmarks/ai.py --from-empty --type project --limit 300 --activate-partial

``--from-empty`` deletes every context and chunk first (this database's only). The one-page change edits a
project's pitch, embeds, and puts the pitch back (embedding again). Retrieval is timed over the retrieval
set's questions (tests/apps/ai/data/retrieval_set.json), ``--runs`` rounds after one warming round: the whole
``similar()`` (query embedding, HNSW scan, best chunk per entity, loading the chunks) and the database part
alone (``nearest_chunks`` with a query vector already made).

``--answers`` times the offline answer (``apps.assistant.answers.ask``: hybrid retrieval, then the extractive
answer; target p50/p95 <= 150 ms, its retrieval <= 25 ms) over the same questions, the query-embedding cache
cleared each time, and counts its SQL queries. ``--answers-only`` skips the embedding and the one-page change
(on a database already embedded); ``--questions N`` keeps the first N questions (a small run):

    .venv/bin/python benchmarks/ai.py --answers-only --questions 5 --runs 1
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nest.settings")
os.environ.setdefault("DJANGO_CONFIGURATION", "Local")
os.environ.setdefault("NEST_AI_EMBED_ON_CHANGE", "false")

from nest import embedded_db

embedded_db.ensure_started()

import configurations  # noqa: E402

configurations.setup()

from django.db import connection  # noqa: E402

from apps.ai.models import Chunk, Context, EmbeddingIndex  # noqa: E402
from apps.ai.providers import configured_provider  # noqa: E402
from apps.ai.services import retrieval  # noqa: E402
from apps.ai.services.embedding import (  # noqa: E402
    activate,
    embed_changed,
    embed_pending,
    refresh_all,
    sync_embeddings,
)
from cms.models import ProjectPage  # noqa: E402
from tests.apps.ai.retrieval import questions, recall_at_k  # noqa: E402


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):.2f} ms, p95 {p95:.2f} ms (n={len(ordered)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from-empty", action="store_true", help="Delete every context and chunk first.")
    parser.add_argument("--type", action="append", dest="types", help="Embed only these kinds (default: all).")
    parser.add_argument("--limit", type=int, default=None, help="Embed at most this many contexts.")
    parser.add_argument("--runs", type=int, default=5, help="Rounds of the retrieval questions.")
    parser.add_argument("--recall", action="store_true", help="Also report recall@5 of the retrieval set.")
    parser.add_argument(
        "--activate-partial",
        action="store_true",
        help="With --limit or --type: make the partly embedded model active anyway, to time retrieval over it.",
    )
    parser.add_argument("--answers", action="store_true", help="Also time the offline answers (ask()).")
    parser.add_argument("--answers-only", action="store_true", help="Time the offline answers only.")
    parser.add_argument("--questions", type=int, default=None, help="Use the first N questions only.")
    args = parser.parse_args()
    if args.answers_only:
        time_answers(args)
        return

    provider = configured_provider()
    print(f"database: {connection.settings_dict['HOST']}; provider {provider!r}")
    print(f"{ProjectPage.objects.count()} projects; {Context.objects.count()} contexts, {Chunk.objects.count()} chunks")
    if args.from_empty:
        Chunk.objects.all().delete()
        Context.objects.all().delete()
        EmbeddingIndex.objects.all().delete()

    report = sync_embeddings(provider, types=args.types, limit=args.limit)
    print(
        f"embed from {'empty' if args.from_empty else 'current state'}: {report.seconds:.1f} s for "
        f"{report.contexts} contexts, {report.chunks} chunks, {report.tokens} tokens "
        f"({report.chunks_per_second:.1f} chunks/s; refresh {report.refreshed}); {report.pending} still pending"
    )

    page = ProjectPage.objects.filter(pk__in=Context.objects.filter(entity_type="project").values("object_id")).first()
    if page is not None:
        original = page.pitch
        page.pitch = f"{original} (changed for the benchmark)"
        page.save(update_fields=["pitch"])
        context = Context.objects.get(entity_type="project", object_id=page.pk)
        # What the signals and the queued task do: refresh that page's context, embed what it made pending.
        started = time.monotonic()
        refreshed = embed_changed("project", [page.pk])
        changed = embed_pending(provider, context_ids=[context.pk])
        seconds = time.monotonic() - started
        print(
            f"after one page changed: {seconds * 1000:.0f} ms ({refreshed.changed} context re-hashed, "
            f"{changed.contexts} embedded in {changed.chunks} chunks)"
        )
        started = time.monotonic()
        nightly = refresh_all(["project"])
        print(f"  nightly refresh of every project's hash: {time.monotonic() - started:.1f} s ({nightly})")
        page.pitch = original
        page.save(update_fields=["pitch"])
        embed_changed("project", [page.pk])
        embed_pending(provider, context_ids=[context.pk])

    if args.activate_partial and not EmbeddingIndex.objects.filter(is_active=True).exists():
        activate(EmbeddingIndex.objects.get(model_name=provider.model_name))
        print("(the partly embedded model was made active for the retrieval timings)")
    index = EmbeddingIndex.objects.filter(is_active=True).first()
    if index is None:
        print("no active index (the embedding is incomplete): retrieval returns nothing; run without --limit")
        return
    texts = [item["question"] for item in questions()]
    vectors = {text: provider.embed_query(text) for text in texts}
    whole, database, encode = [], [], []
    for round_number in range(args.runs + 1):
        for text in texts:
            retrieval._query_cache.clear()
            started = time.perf_counter()
            retrieval.similar(text, limit=20)
            elapsed = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            retrieval.nearest_chunks(index, vectors[text], types=None, count=100)
            db_elapsed = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            provider.embed_query(text)
            encode_elapsed = (time.perf_counter() - started) * 1000
            if round_number:  # the first round warms
                whole.append(elapsed)
                database.append(db_elapsed)
                encode.append(encode_elapsed)
    print(f"chunks searched: {Chunk.objects.filter(model_name=index.model_name).count()} ({index.model_name})")
    print(f"similar(), limit 20, query embedded: {percentiles(whole)}")
    print(f"  of which the query's embedding:     {percentiles(encode)}")
    print(f"  the HNSW read alone (100 chunks):   {percentiles(database)}")
    if args.answers:
        time_answers(args)
    if args.recall:
        recall, outcomes = recall_at_k(retrieval.similar, k=5)
        print(f"recall@5 over {len(outcomes)} questions: {recall:.3f}")
        for outcome in outcomes:
            if outcome.recall < 1:
                print(
                    f"  {outcome.recall:.2f} {outcome.question!r}: expected {outcome.expected[:3]}, got {outcome.found}"
                )


def time_answers(args) -> None:
    """p50/p95 of the offline answer and of its hybrid retrieval, and its SQL queries per question."""
    from django.test.utils import CaptureQueriesContext

    from apps.ai.services import answers
    from apps.assistant.answers import ask, retrieve

    texts = [item["question"] for item in questions()][: args.questions]
    whole, retrieved, written, queries, statuses = [], [], [], [], {}
    for round_number in range(args.runs + 1):
        for text in texts:
            retrieval._query_cache.clear()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                result = ask(text)
            elapsed = (time.perf_counter() - started) * 1000
            retrieval._query_cache.clear()
            started = time.perf_counter()
            passages = retrieve(text)
            retrieve_elapsed = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            answers.extractive(text, passages)
            write_elapsed = (time.perf_counter() - started) * 1000
            if round_number:  # the first round warms
                whole.append(elapsed)
                retrieved.append(retrieve_elapsed)
                written.append(write_elapsed)
                queries.append(len(captured))
                statuses[result.status] = statuses.get(result.status, 0) + 1
    print(f"offline answer, ask() whole:          {percentiles(whole)}  (target p95 <= 150 ms)")
    print(f"  its hybrid retrieval (retrieve()):  {percentiles(retrieved)}")
    print(f"  the extractive writing alone:       {percentiles(written)}")
    print(f"  SQL queries per answer: {min(queries)} to {max(queries)}; statuses {statuses}")
    print("  (retrieve() includes the query's embedding by the local model; the retrieval target <= 25 ms is")
    print("   the database part: see 'the HNSW read alone' above)")


if __name__ == "__main__":
    main()

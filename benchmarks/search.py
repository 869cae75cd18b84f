"""Search: relevance (MRR@10, recall@5 of the relevance set) and ``/api/v0/search/`` latency, per backend.

Relevance needs OWASP's real data (the set's answers are real projects and chapters); latency wants a big
database. Either part runs against the database the settings point at, indexed by ``reindex``:

    # relevance: a cluster holding the real data
    export NEST_PGDATA=/tmp/search-real-pgdata
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py sync_owasp && .venv/bin/python manage.py reindex
    .venv/bin/python manage.py embed  # the semantic questions' neighbours (local model)
    .venv/bin/python benchmarks/search.py --relevance

    # latency: the 10x database (generate_data --scale 10), migrated and reindexed
    export NEST_PGDATA=/tmp/bench10-pgdata
    .venv/bin/python benchmarks/search.py --latency --runs 30

Latency runs Django's request handling in-process (django.test.Client: routing, middleware, the view, the
service, the database), after warming requests, for queries of 1, 3 and 8 characters, twice: as the header box
asks (``as_you_type=true&facets=false``) and as the results page asks (facets counted).
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
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("CACHE_KEY_PREFIX", f"nest-benchmark-{os.getpid()}")
os.environ.setdefault("NEST_API_RATE_ANONYMOUS", "1000000/minute")  # the API throttle measures nothing here

from nest import embedded_db

embedded_db.ensure_started()

import configurations  # noqa: E402

configurations.setup()

from django.test import Client  # noqa: E402

from apps.search import backends  # noqa: E402
from apps.search.services import search  # noqa: E402
from tests.apps.search.relevance import CASES, SEMANTIC_CASES, measures, rank  # noqa: E402

# Queries a visitor types, by length: first keys, three letters, a word (some misspelt).
QUERIES = {
    1: ["a", "c", "d", "j", "m", "o", "p", "s", "t", "w"],
    3: ["sec", "pro", "api", "dep", "jui", "ser", "tes", "web", "lon", "owa"],
    8: ["security", "testings", "dependen", "melbourn", "projects", "frontend", "scanning", "djnagoes", "kubernet"],
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def relevance(names: list[str] | None = None) -> None:
    """MRR@10 and recall@5 per backend: every case, then the semantic questions alone (they need the
    embeddings: ``manage.py embed`` on the same database)."""
    from apps.ai.models import EmbeddingIndex

    if not EmbeddingIndex.objects.filter(is_active=True).exists():
        print("(no active embeddings: the semantic questions get the lexical answer alone; run manage.py embed)")
    print("| backend | cases | MRR@10 | recall@5 | first |")
    print("|---|---|---|---|---|")
    for name in names or backends.available_backends():
        backends.use(name)
        for label, cases in (("", CASES), (" (semantic questions)", SEMANTIC_CASES)):
            ranks = [rank(search(case.query, limit=10).hits, case) for case in cases]
            scores = measures(ranks)
            first = sum(1 for r in ranks if r == 1)
            print(
                f"| {name}{label} | {len(cases)} | {scores['mrr@10']:.3f} | {scores['recall@5']:.3f} | "
                f"{first}/{len(cases)} |"
            )


def latency(runs: int, names: list[str] | None = None) -> None:
    """p50/p95 per backend, request kind and query length; "cut" counts the answers the statement timeout cut
    to names only (``degraded``), which a fast p95 must not hide."""
    client = Client()
    print("| backend | request | query length | p50 ms | p95 ms | requests | cut |")
    print("|---|---|---|---|---|---|---|")
    for name in names or backends.available_backends():
        backends.use(name)
        for label, extra in (("as you type", {"as_you_type": "true", "facets": "false"}), ("results page", {})):
            for length, queries in QUERIES.items():
                for query in queries:  # warm: each query's vector kept (the cold forward pass is timed apart)
                    client.get("/api/v0/search/", {"q": query, **extra})
                times, cut = [], 0
                for _ in range(runs):
                    for query in queries:
                        started = time.perf_counter()
                        response = client.get("/api/v0/search/", {"q": query, **extra})
                        times.append((time.perf_counter() - started) * 1000)
                        assert response.status_code == 200, response.content[:300]
                        cut += response.json()["degraded"]
                print(
                    f"| {name} | {label} | {length} | {statistics.median(times):.1f} | "
                    f"{percentile(times, 0.95):.1f} | {len(times)} | {cut} |"
                )


def question_embedding() -> None:
    """The hybrid step's own cost on a full search: embedding a question not seen before (one forward pass
    of the encoder; later searches of it reuse the kept vector). Nothing when no embeddings are active."""
    from apps.ai.models import EmbeddingIndex
    from apps.ai.providers import provider_for_model

    index = EmbeddingIndex.objects.filter(is_active=True).first()
    if index is None:
        print("question embedding: no active embeddings (the hybrid step adds nothing and costs nothing)")
        return
    provider = provider_for_model(index.model_name)
    provider.embed_query("warm the encoder")
    times = []
    for query in [q for queries in QUERIES.values() for q in queries] + [c.query for c in SEMANTIC_CASES]:
        started = time.perf_counter()
        provider.embed_query(query)
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"question embedding ({index.model_name}, cold): p50 {statistics.median(times):.1f} ms, "
        f"p95 {percentile(times, 0.95):.1f} ms over {len(times)} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relevance", action="store_true")
    parser.add_argument("--latency", action="store_true")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--backend", action="append", choices=["bm25", "fts"], help="only these (repeatable)")
    options = parser.parse_args()
    if options.relevance or not options.latency:
        relevance(options.backend)
    if options.latency or not options.relevance:
        latency(options.runs, options.backend)
        question_embedding()


if __name__ == "__main__":
    main()

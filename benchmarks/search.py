"""Search: relevance (MRR@10, recall@5 of the relevance set) and ``/api/v0/search/`` latency, per backend.

Relevance needs OWASP's real data (the set's answers are real projects and chapters); latency wants a big
database. Either part runs against the database the settings point at, indexed by ``reindex``:

    # relevance: a cluster holding the real data
    export NEST_PGDATA=/tmp/search-real-pgdata
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py sync_owasp && .venv/bin/python manage.py reindex
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
from tests.apps.search.relevance import CASES, measures, rank  # noqa: E402

# Queries a visitor types, by length: first keys, three letters, a word (some misspelt).
QUERIES = {
    1: ["a", "c", "d", "j", "m", "o", "p", "s", "t", "w"],
    3: ["sec", "pro", "api", "dep", "jui", "ser", "tes", "web", "lon", "owa"],
    8: ["security", "testings", "dependen", "melbourn", "projects", "frontend", "scanning", "djnagoes", "kubernet"],
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def relevance() -> None:
    print("| backend | cases | MRR@10 | recall@5 | first |")
    print("|---|---|---|---|---|")
    for name in backends.available_backends():
        backends.use(name)
        ranks = [rank(search(case.query, limit=10).hits, case) for case in CASES]
        scores = measures(ranks)
        first = sum(1 for r in ranks if r == 1)
        print(f"| {name} | {len(CASES)} | {scores['mrr@10']:.3f} | {scores['recall@5']:.3f} | {first}/{len(CASES)} |")


def latency(runs: int) -> None:
    client = Client()
    print("| backend | request | query length | p50 ms | p95 ms | requests |")
    print("|---|---|---|---|---|---|")
    for name in backends.available_backends():
        backends.use(name)
        for label, extra in (("as you type", {"as_you_type": "true", "facets": "false"}), ("results page", {})):
            for length, queries in QUERIES.items():
                for query in queries[:3]:  # warm
                    client.get("/api/v0/search/", {"q": query, **extra})
                times = []
                for _ in range(runs):
                    for query in queries:
                        started = time.perf_counter()
                        response = client.get("/api/v0/search/", {"q": query, **extra})
                        times.append((time.perf_counter() - started) * 1000)
                        assert response.status_code == 200, response.content[:300]
                print(
                    f"| {name} | {label} | {length} | {statistics.median(times):.1f} | "
                    f"{percentile(times, 0.95):.1f} | {len(times)} |"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relevance", action="store_true")
    parser.add_argument("--latency", action="store_true")
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    if options.relevance or not options.latency:
        relevance()
    if options.latency or not options.relevance:
        latency(options.runs)


if __name__ == "__main__":
    main()

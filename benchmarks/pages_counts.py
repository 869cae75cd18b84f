"""What one request of each page costs in counts that do not depend on the machine's load: SQL queries, Redis
commands (each one round trip: an MGET is one) and Python function calls (cProfile), uncached, with the
fragment cache warm, and from the page cache.

For developing on a shared machine, where timings wander with the other work: the counts of two commits
compare exactly. Run it from each worktree against the same database, e.g.

    NEST_PGDATA=/tmp/bench1-pgdata .venv/bin/python benchmarks/pages_counts.py / /contribute/ /events.ics

(no URL: ``benchmarks/pages.py``'s pages). The times themselves are ``benchmarks/pages.py``'s.
"""

import cProfile
import pstats
import sys

# The settings, the embedded cluster and the pages: as benchmarks/pages.py sets them up (on import).
from pages import pick_urls

# isort: split
from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import override_settings

MODES = {
    "uncached": {"NEST_PAGE_CACHE_SECONDS": 0, "NEST_FRAGMENT_CACHE": False},
    "fragments": {"NEST_PAGE_CACHE_SECONDS": 0},
    "cached": {"NEST_PAGE_CACHE_SECONDS": 600},
}
RUNS = 5  # profiled requests per page and mode; the counts are the same for each


def counts(client: Client, url: str, mode: dict) -> tuple[int, int, int]:
    with override_settings(DEBUG=True, **mode):  # DEBUG: the queries are recorded
        for _ in range(3):
            client.get(url)
        reset_queries()
        client.get(url)
        queries = len(connection.queries)
    with override_settings(**mode):
        client.get(url)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(RUNS):
            client.get(url)
        profile.disable()
    stats = pstats.Stats(profile)
    redis = sum(
        calls[1]
        for (filename, _, function), calls in stats.stats.items()
        if filename.endswith("redis/client.py") and function == "execute_command"
    )
    return queries, redis // RUNS, stats.total_calls // RUNS


def main() -> int:
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost")
    print(f"{'page':<45} {'mode':<9} {'queries':>7} {'redis':>5} {'calls':>7}")
    for url in sys.argv[1:] or pick_urls().values():
        for name, mode in MODES.items():
            queries, redis, calls = counts(client, url, mode)
            print(f"{url:<45} {name:<9} {queries:>7} {redis:>5} {calls:>7}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

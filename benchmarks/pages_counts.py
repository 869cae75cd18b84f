"""What one request of each page costs in counts that do not depend on the machine's load: SQL queries, Redis
commands (each one round trip: an MGET is one) and Python function calls (cProfile), uncached, with the
fragment cache warm, and from the page cache.

For developing on a shared machine, where timings wander with the other work: the counts of two commits
compare exactly. Run it from each worktree against the same database, e.g.

    NEST_PGDATA=/tmp/bench1-pgdata .venv/bin/python benchmarks/pages_counts.py / /contribute/ /events.ics

The times themselves are ``benchmarks/pages.py``'s.
"""

import cProfile
import os
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nest.settings")
os.environ.setdefault("DJANGO_CONFIGURATION", "Local")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("CACHE_KEY_PREFIX", f"nest-benchmark-{os.getpid()}")

from nest import embedded_db

embedded_db.ensure_started()

import configurations  # noqa: E402

configurations.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

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
    for url in sys.argv[1:] or ["/"]:
        for name, mode in MODES.items():
            queries, redis, calls = counts(client, url, mode)
            print(f"{url:<45} {name:<9} {queries:>7} {redis:>5} {calls:>7}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Database time of the GitHub domain services the project, home and contribute pages call (p50 / p95 in
ms), on the worst-case rows of the database the settings point at. Fill it first, e.g. at 10x:

    export NEST_PGDATA=/tmp/bench-pgdata
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_data --scale 10
    .venv/bin/python benchmarks/github_domain.py --runs 100

Each service runs a few times to warm up, then ``--runs`` times; times are wall-clock in this process
(queries, row parsing and model building). The exact top contributors are compared with the former
approximation (each repository's top 12 summed) on the same projects.
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

from nest import embedded_db

embedded_db.ensure_started()

import configurations  # noqa: E402

configurations.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from apps.github.filters import OfferedIssueFilter  # noqa: E402
from apps.github.models import Issue, Repository, RepositoryContributor  # noqa: E402
from apps.github.services.contributors import top_contributors  # noqa: E402
from apps.github.services.issues import latest_open_issues  # noqa: E402
from apps.github.services.offered_issues import offered_page  # noqa: E402
from apps.github.services.releases import latest_releases, recent_releases  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(function, runs: int) -> tuple[float, float]:
    for _ in range(3):
        function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), percentile(times, 0.95)


def approximate_top(repository_ids: list[int], limit: int = 12) -> list[tuple[int, int]]:
    """The former rule: each repository's top ``limit`` contributors, summed per user."""
    table = RepositoryContributor._meta.db_table
    sql = f"""
        SELECT top.user_id, SUM(top.contributions) AS total FROM unnest(%s::bigint[]) AS repo(id)
        CROSS JOIN LATERAL (
            SELECT c.user_id, c.contributions FROM {table} c
            WHERE c.repository_id = repo.id ORDER BY c.contributions DESC LIMIT %s
        ) AS top
        GROUP BY top.user_id ORDER BY total DESC, top.user_id LIMIT %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [repository_ids, limit, limit])
        return cursor.fetchall()


def projects() -> dict[str, list[int]]:
    """Repository ids of the worst projects: most repositories, most contributor rows, most open issues."""
    present = Repository.objects.present().filter(project__isnull=False)
    chosen = {
        "most repositories": present.values("project_id").annotate(n=Count("id")).order_by("-n").first(),
        "most contributor rows": RepositoryContributor.objects.filter(repository__in=present)
        .values("repository__project_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first(),
        "most open issues": Issue.objects.open()
        .filter(repository__in=present)
        .values("repository__project_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first(),
    }
    result = {}
    for name, row in chosen.items():
        project_id = row.get("project_id") or row.get("repository__project_id")
        ids = list(present.filter(project_id=project_id).values_list("id", flat=True))
        rows = RepositoryContributor.objects.filter(repository_id__in=ids).count()
        result[f"{name} ({len(ids)} repos, {rows} contributor rows)"] = ids
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    print(f"{'service':<44} {'case':<58} {'p50':>7} {'p95':>7}")

    def show(service, case, function):
        p50, p95 = timed(function, args.runs)
        print(f"{service:<44} {case:<58} {p50:>7.2f} {p95:>7.2f}")

    for case, ids in projects().items():
        show("top_contributors (exact)", case, lambda ids=ids: top_contributors(ids))
        show("former approximation (top 12 per repo)", case, lambda ids=ids: approximate_top(ids))
        exact = [(row["user_id"], row["total"]) for row in top_contributors(ids)]
        differs = exact != [tuple(row) for row in approximate_top(ids)]
        print(f"{'':<44} {'approximation differs from the exact list:':<58} {differs!s:>7}")
        show("latest_open_issues", case, lambda ids=ids: latest_open_issues(ids))
        show("latest_releases", case, lambda ids=ids: latest_releases(ids))
    show("recent_releases (home)", "5 projects", lambda: recent_releases(5))
    for params in ({}, {"language": "Python"}, {"language": "Rust"}, {"label": "good first issue"}):
        show(
            "offered_page (contribute)",
            str(params or "no filter"),
            lambda params=params: offered_page(OfferedIssueFilter(params).offered(), page_size=25),
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

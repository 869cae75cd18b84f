"""Project figures, daily health, leader matching and contribution heatmaps on a generated database.

Runs the services against the database the settings point at (wall time of each daily job; p50 / p95 / max
in ms of the heatmap and history reads, each after a warming read). Fill that database first, e.g. at 10x
OWASP's size on a cluster of its own:

    export NEST_PGDATA=/tmp/gen-pgdata
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_data --scale 10
    .venv/bin/python benchmarks/project_health.py --samples 200

The daily jobs write (figures and today's health records are upserted: running them again changes nothing
but ``refreshed_at``/``updated_at``), the reads do not.
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

from nest import embedded_db

embedded_db.ensure_started()

import configurations  # noqa: E402

configurations.setup()

from django.db.models import Count  # noqa: E402

from apps.github.models import Commit, LeaderGitHubMatch, ProjectHealthRecord, User  # noqa: E402
from apps.github.services.figures import refresh_project_figures  # noqa: E402
from apps.github.services.health import health_history, record_project_health  # noqa: E402
from apps.github.services.heatmap import chapter_heatmap, member_heatmap, project_heatmap  # noqa: E402
from apps.github.services.leaders import match_leaders  # noqa: E402
from cms.models import ChapterPage, ProjectPage  # noqa: E402


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(ordered):7.1f}  p95 {p95:7.1f}  max {ordered[-1]:7.1f} ms  (n={len(ordered)})"


def read_benchmark(name: str, function, subjects: list) -> None:
    if not subjects:
        print(f"{name:<44} (nothing to read)")
        return
    function(subjects[0])  # warm
    samples = [timed(function, subject)[0] for subject in subjects]
    print(f"{name:<44} {summary(samples)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=200, help="Subjects per read benchmark.")
    args = parser.parse_args()

    counts = {
        "projects": ProjectPage.objects.count(),
        "commits": Commit.objects.count(),
        "health records": ProjectHealthRecord.objects.count(),
        "leader matches": LeaderGitHubMatch.objects.count(),
    }
    print("database:", ", ".join(f"{count:,} {name}" for name, count in counts.items()))

    print("\ndaily jobs (wall time)")
    ms, report = timed(refresh_project_figures)
    print(f"{'refresh_project_figures':<44} {ms / 1000:7.2f} s  ({report.projects:,} projects)")
    ms, report = timed(record_project_health)
    print(f"{'record_project_health':<44} {ms / 1000:7.2f} s  ({report.written:,} records)")
    ms, report = timed(match_leaders)
    print(f"{'match_leaders':<44} {ms / 1000:7.2f} s  ({report.leaders:,} leaders)")

    print("\nreads (last 365 days)")
    busiest = list(
        ProjectPage.objects.annotate(n=Count("repositories__commits")).order_by("-n").values_list("pk", flat=True)[:10]
    )
    projects = busiest + list(
        ProjectPage.objects.order_by("?").values_list("pk", flat=True)[: max(args.samples - len(busiest), 0)]
    )
    project_pages = list(ProjectPage.objects.filter(pk__in=projects).only("id"))
    read_benchmark("project_heatmap (10 busiest + random)", project_heatmap, project_pages)
    chapters = list(ChapterPage.objects.order_by("?").only("id")[: args.samples])
    read_benchmark("chapter_heatmap (random chapters)", chapter_heatmap, chapters)
    top_authors = list(
        Commit.objects.filter(author__isnull=False)
        .values("author_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("author_id", flat=True)[:10]
    )
    users = list(User.objects.filter(pk__in=top_authors)) + list(User.objects.order_by("?")[: args.samples - 10])
    read_benchmark("member_heatmap (10 busiest + random)", member_heatmap, users)
    read_benchmark("health_history (365 days)", health_history, project_pages)
    if busiest:
        ms, heatmap = timed(project_heatmap, ProjectPage.objects.get(pk=busiest[0]))
        print(f"busiest project: {heatmap.total:,} commits on {len(heatmap.counts)} days, heatmap in {ms:.1f} ms")
    if top_authors:
        ms, heatmap = timed(member_heatmap, User.objects.get(pk=top_authors[0]))
        print(f"busiest member: {heatmap.total:,} commits on {len(heatmap.counts)} days, heatmap in {ms:.1f} ms")

    latest = ProjectHealthRecord.objects.order_by("-date").values_list("date", flat=True).first()
    scores = sorted(ProjectHealthRecord.objects.filter(date=latest).values_list("score", flat=True))
    if scores:
        quartiles = statistics.quantiles(scores, n=4)
        print(f"\nhealth scores on {latest}: min {scores[0]}, quartiles {quartiles}, max {scores[-1]}")


if __name__ == "__main__":
    main()

"""Server time of the public site's main pages, uncached and cached (p50 / p95 in ms).

Runs Django's request handling in-process (django.test.Client: URL routing, middleware, views, templates,
database and cache round trips; no network or HTTP parsing) against the database the settings point at.
Fill that database first, e.g. at 10x OWASP's size on a cluster of its own:

    export NEST_PGDATA=/tmp/bench-pgdata
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_data --scale 10
    .venv/bin/python benchmarks/pages.py --runs 50

Three timings per page, each after warming requests (PostgreSQL's buffers and Python are warm):
- "uncached": no page cache and no fragment cache (every count and option list is computed);
- "fragments": no page cache, the fragment cache warm (counts, filter options: what a visitor usually gets
  right after a sync or publish);
- "cached": the whole page from the page cache.
The cache keys get a prefix of their own (CACHE_KEY_PREFIX), so other processes on the same Redis cannot
bump the site data version during a run.
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

from nest import embedded_db

embedded_db.ensure_started()

import configurations  # noqa: E402

configurations.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from apps.github.models import Organization, Repository, RepositoryContributor  # noqa: E402
from cms.models import ChapterPage, EventPage, ProjectPage  # noqa: E402
from theme.cache import bump_site_data_version  # noqa: E402


def pick_urls() -> dict[str, str]:
    """The main pages, with detail pages chosen among the largest rows (the worst cases)."""
    urls = {
        "home": "/",
        "projects": "/projects/",
        "projects ?sort=health": "/projects/?sort=health",
        "projects ?level=flagship&language=Python": "/projects/?level=flagship&language=Python",
        "projects ?q=security": "/projects/?q=security",
        "search-as-you-type ?q=ju": "/search/suggestions/?q=ju",
        "search-as-you-type ?q=owasp sec": "/search/suggestions/?q=owasp+sec",
        "search results ?q=security": "/search/?q=security",
        "search results ?q=owasp&type=chapter&region=Europe": "/search/?q=owasp&type=chapter&region=Europe",
        "chapters": "/chapters/",
        "chapters ?city=London": "/chapters/?city=London",
        "chapters.geojson": "/chapters.geojson",
        "events": "/events/",
        "events.ics": "/events.ics",
        "committees": "/committees/",
        "contribute": "/contribute/",
        "contribute ?language=Python": "/contribute/?language=Python",
        "sponsors": "/sponsors/",
        "about": "/about/",
    }
    project = (
        ProjectPage.objects.live()
        .annotate(n=Count("repositories"))
        .order_by("-n", "pk")
        .only("id", "url_path", "path", "depth")
        .first()
    )
    if project:
        urls["project (most repositories)"] = project.url
    typical = ProjectPage.objects.live().order_by("pk").only("id", "url_path", "path", "depth")[100:101]
    if typical:
        urls["project (typical)"] = typical[0].url
    chapter = ChapterPage.objects.live().filter(latitude__isnull=False).order_by("pk").first()
    if chapter:
        urls["chapter"] = chapter.url
    event = EventPage.objects.live().order_by("pk").first()
    if event:
        urls["event"] = event.url
    repository = Repository.objects.annotate(n=Count("issues")).order_by("-n").only("owner_login", "name").first()
    if repository:
        urls["repository (most issues)"] = f"/repositories/{repository.owner_login}/{repository.name}/"
    organization = Organization.objects.order_by("pk").first()
    if organization:
        urls["organization"] = f"/organizations/{organization.login}/"
    member = RepositoryContributor.objects.order_by("-contributions").select_related("user").first()
    if member:
        urls["member (top contributor)"] = f"/members/{member.user.login}/"
    return urls


def measure(client: Client, url: str, runs: int) -> tuple[list[float], int, int]:
    times = []
    status = 0
    queries = 0
    for _ in range(runs):
        reset_queries()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        status = response.status_code
        queries = len(connection.queries)
    return times, status, queries


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--only", help="Only pages whose name contains this")
    args = parser.parse_args()

    urls = pick_urls()
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost")
    print(
        f"{'page':<42} {'status':>6} {'queries':>7} {'uncached p50':>12} {'p95':>7} "
        f"{'fragments p50':>13} {'p95':>7} {'cached p50':>10} {'p95':>7}"
    )
    rows = []
    for name, url in urls.items():
        if args.only and args.only not in name:
            continue
        with override_settings(NEST_PAGE_CACHE_SECONDS=0, NEST_FRAGMENT_CACHE=False, DEBUG=True):  # counts queries
            measure(client, url, 3)
            _, status, queries = measure(client, url, 1)
        with override_settings(NEST_PAGE_CACHE_SECONDS=0, NEST_FRAGMENT_CACHE=False):
            uncached, _, _ = measure(client, url, args.runs)
        with override_settings(NEST_PAGE_CACHE_SECONDS=0):
            measure(client, url, 1)
            fragments, _, _ = measure(client, url, args.runs)
        with override_settings(NEST_PAGE_CACHE_SECONDS=600):
            bump_site_data_version("benchmark")
            measure(client, url, 1)
            cached, _, _ = measure(client, url, args.runs)
        row = (name, status, queries)
        for times in (uncached, fragments, cached):
            row += (statistics.median(times), percentile(times, 0.95))
        rows.append(row)
        print(
            f"{row[0]:<42} {row[1]:>6} {row[2]:>7} {row[3]:>12.1f} {row[4]:>7.1f} "
            f"{row[5]:>13.1f} {row[6]:>7.1f} {row[7]:>10.2f} {row[8]:>7.2f}"
        )
    return 0 if all(row[1] == 200 for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""GitHub sync of a generated organization served by the fake GitHub: wall time and requests of the first
sync into a fresh database, of a no-change incremental re-sync, of a no-change full re-sync, and of an
incremental run after new activity (a new and a closed issue) in --changed repositories.

    .venv/bin/python benchmarks/github_sync.py --repos 2000 --issues 200000

``--scenario feed`` measures the hourly change feed instead, on the organization plus --related other
organizations (each of --related-repos repositories) that five OWASP project pages link, marked OWASP-related:
a no-change hourly run, then an hourly run after --edits scattered issue edits (checking every edit is stored):

    .venv/bin/python benchmarks/github_sync.py --scenario feed --repos 2000 --issues 20000 --related 5 --edits 50

The fake GitHub runs in a process of its own (``manage.py run_fake_github``, so it does not share the sync's
interpreter lock), on 127.0.0.1, with a rate-limit budget above the run's request count (real GitHub's 5,000
requests an hour would add pauses; see BENCHMARKS.md). The database is a fresh embedded PostgreSQL cluster in
a temporary folder (deleted afterwards unless --keep), migrated before the clock starts.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repos", type=int, default=2_000)
    parser.add_argument("--issues", type=int, default=200_000)
    parser.add_argument("--pulls", type=int, default=None, help="Default: a fifth of --issues.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--changed", type=int, default=20, help="Repositories with new activity before the last run.")
    parser.add_argument("--keep", action="store_true", help="Keep the database cluster (its path is printed).")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results to this file.")
    parser.add_argument("--scenario", choices=["sync", "feed"], default="sync")
    parser.add_argument("--related", type=int, default=5, help="feed: other organizations (at most 5).")
    parser.add_argument("--related-repos", type=int, default=20, help="feed: repositories of each of them.")
    parser.add_argument("--edits", type=int, default=50, help="feed: scattered issue edits before the last run.")
    return parser.parse_args()


def start_fake(args) -> tuple[subprocess.Popen, str, float]:
    command = [
        sys.executable,
        "manage.py",
        "run_fake_github",
        "--port",
        "0",
        "--repos",
        str(args.repos),
        "--issues",
        str(args.issues),
        "--seed",
        str(args.seed),
        "--rate-limit",
        "10000000",
        "--no-recorded",
    ]
    if args.pulls is not None:
        command += ["--pulls", str(args.pulls)]
    if args.scenario == "feed":
        command += ["--related", str(args.related), "--related-repos", str(args.related_repos)]
    env = {**os.environ, "NEST_EMBEDDED_PG_AUTOSTART": "0", "DJANGO_CONFIGURATION": "Local"}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, text=True)
    first = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+", first)
    if not match:
        process.kill()
        raise SystemExit(f"the fake GitHub did not start: {first!r}")
    return process, match.group(), time.perf_counter() - started


def fake_stats(url: str) -> dict:
    import httpx

    return httpx.get(f"{url}/_fake/stats", timeout=30).json()


def simulate_activity(url: str, repositories: int) -> None:
    import httpx

    httpx.post(f"{url}/_fake/changes", json={"org": "OWASP", "repositories": repositories}, timeout=60)


def reset_fake(url: str) -> None:
    import httpx

    httpx.post(f"{url}/_fake/reset", timeout=30)


def main() -> None:
    args = parse_args()
    pgdata = Path(tempfile.mkdtemp(prefix="nest-bench-github-")) / "pgdata"
    os.environ["NEST_PGDATA"] = str(pgdata)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nest.settings")
    os.environ["DJANGO_CONFIGURATION"] = "Local"
    os.environ.setdefault("DJANGO_DEBUG", "false")

    from nest import embedded_db

    embedded_db.ensure_started()

    import configurations

    configurations.setup()

    from django.core.management import call_command
    from django.db import connection

    from apps.github.client import GitHubClient
    from apps.github.models import Commit, Issue, PullRequest, Release, Repository, RepositoryContributor, User
    from apps.github.sync import sync_github

    call_command("migrate", verbosity=0)
    fake, url, generation = start_fake(args)
    print(f"fake GitHub: {url}, {args.repos} repositories, {args.issues} issues, generated in {generation:.1f} s")
    results = {
        "repos": args.repos,
        "issues": args.issues,
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
        "fake_generation_seconds": round(generation, 1),
        "runs": {},
    }
    try:
        runs = ()
        if args.scenario == "feed":
            feed_scenario(args, url, results)
        else:
            runs = (
                ("first sync", False, 0),
                ("no-change incremental re-sync", False, 0),
                ("no-change full re-sync", True, 0),
                (f"incremental after activity in {args.changed} repositories", False, args.changed),
            )
        for label, full, changed in runs:
            if changed:
                simulate_activity(url, changed)
            reset_fake(url)
            client = GitHubClient(url, "benchmark-token", max_wait=3600)
            started = time.perf_counter()
            report = sync_github("OWASP", client=client, full=full)
            seconds = time.perf_counter() - started
            client.close()
            served = fake_stats(url)
            run = {
                "seconds": round(seconds, 2),
                "requests": served["requests"],
                "statuses": served["statuses"],
                "conditional": served["conditional"],
                "repositories": dict(report.repositories),
                "upserted": dict(report.upserted),
                "ok": report.ok,
                "requests_per_repository": round(served["requests"] / args.repos, 3),
            }
            results["runs"][label] = run
            print(f"\n{label}: {seconds:.1f} s, {served['requests']} requests {served['statuses']}")
            print(report.summary())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
        results["rows"] = {
            "repositories": Repository.objects.count(),
            "issues": Issue.objects.count(),
            "pull_requests": PullRequest.objects.count(),
            "releases": Release.objects.count(),
            "contributors": RepositoryContributor.objects.count(),
            "commits": Commit.objects.count(),
            "users": User.objects.count(),
        }
        results["database_mb"] = round(size / 1e6)
        results["load_average_at_end"] = [round(load, 2) for load in os.getloadavg()]
        print(f"\nrows: {results['rows']}, database {results['database_mb']} MB")
    finally:
        fake.terminate()
        fake.wait(timeout=30)
        connection.close()
        if args.keep:
            print(f"database cluster kept in {pgdata}")
        else:
            embedded_db.stop(pgdata)
            shutil.rmtree(pgdata.parent, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


def feed_scenario(args, url: str, results: dict) -> None:
    """Projects linking a repository in each related organization, a first sync, the organizations marked
    OWASP-related and a full run (the watermark starts), then the two hourly runs measured."""
    import httpx

    from apps.github.client import GitHubClient
    from apps.github.models import Issue, Organization, Repository
    from apps.github.sync import sync_github
    from cms.models import ProjectIndexPage, ProjectLink, ProjectPage
    from devtools.management.commands.run_fake_github import RELATED

    related = RELATED[: args.related]
    index = ProjectIndexPage.objects.get()
    for login in related:
        page = index.add_child(instance=ProjectPage(title=login, slug=login.lower(), owasp_key=f"www-project-{login}"))
        name = httpx.get(f"{url}/orgs/{login}/repos", params={"per_page": 1}, timeout=30).json()[0]["full_name"]
        ProjectLink.objects.create(page=page, url=f"https://github.com/{name}", kind="repository", sort_order=0)

    def run(label: str, *, full: bool) -> dict:
        reset_fake(url)
        client = GitHubClient(url, "benchmark-token", max_wait=3600)
        started = time.perf_counter()
        report = sync_github("OWASP", client=client, full=full)
        seconds = time.perf_counter() - started
        client.close()
        served = fake_stats(url)
        searches = report.feed.get("requests", 0)
        results["runs"][label] = {
            "seconds": round(seconds, 2),
            "requests": served["requests"],
            "statuses": served["statuses"],
            "search_requests": searches,
            "feed": report.feed,
            "repositories": dict(report.repositories),
            "upserted": dict(report.upserted),
            "ok": report.ok,
        }
        print(f"\n{label}: {seconds:.1f} s, {served['requests']} requests {served['statuses']}")
        print(report.summary())
        return results["runs"][label]

    run("first sync", full=False)
    Organization.objects.filter(login__in=related).update(is_owasp_related=True)  # as staff would
    run("full run with the related organizations", full=True)
    repositories = Repository.objects.present().count()
    results["repositories_in_scope"] = repositories
    quiet = run("no-change hourly run", full=False)
    results["no_change_budget"] = -(-repositories // 100) + 1  # one per 100 repositories (rounded up), one search
    edits = httpx.post(f"{url}/_fake/edits", json={"count": args.edits}, timeout=60).json()["edits"]
    run(f"hourly run after {len(edits)} scattered issue edits", full=False)
    stored = dict(Issue.objects.filter(pk__in=[edit["id"] for edit in edits]).values_list("id", "title"))
    missing = [edit for edit in edits if stored.get(edit["id"]) != edit["title"]]
    results["edits"] = {
        "made": len(edits),
        "present": len(edits) - len(missing),
        "organizations": sorted({edit["repository"].split("/")[0] for edit in edits}),
        "missing": missing,
    }
    print(f"\nno-change hourly run: {quiet['requests']} requests (budget {results['no_change_budget']})")
    print(f"edits present after one hourly run: {results['edits']['present']} of {len(edits)}")


if __name__ == "__main__":
    main()

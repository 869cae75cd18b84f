"""Deterministic costs of one uncached API request: SQL queries and Python function calls (cProfile), per
endpoint, in-process (django.test.Client, the Production settings, ``NEST_API_CACHE_SECONDS=0``).

Wall time on a shared machine says little; these counts do not move with the load, so they compare two
commits on the same database:

    export NEST_PGDATA=/tmp/bench10-pgdata
    .venv/bin/python benchmarks/api_counts.py [--only chapters] [--top 15]

Each endpoint is asked once beforehand with other parameters (the process's first-use costs: imports,
compiled templates, the parse cache of a GraphQL text is per text, so its warm-up uses the same text), then
once measured. Keys are the first rows by primary key, so two runs ask the same things.
"""

from __future__ import annotations

import argparse
import ast
import cProfile
import os
import pstats
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

for _name, _value in {
    "DJANGO_SETTINGS_MODULE": "nest.settings",
    "DJANGO_CONFIGURATION": "Production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "CACHE_KEY_PREFIX": f"nest-apicounts-{os.getpid()}-{secrets.token_hex(4)}",
    "NEST_API_RATE_ANONYMOUS": "100000000/minute",
    "NEST_API_CACHE_SECONDS": "0",
}.items():
    os.environ.setdefault(_name, _value)

from nest import embedded_db  # noqa: E402

embedded_db.ensure_started()

import configurations  # noqa: E402

configurations.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.github.models import Issue, Repository, User  # noqa: E402
from cms.models import ChapterPage, ProjectPage  # noqa: E402

API = "/api/v0"


def benchmark_queries() -> dict[str, str]:
    """The GraphQL texts of ``benchmarks/api.py`` (read, not imported: importing it would set it up)."""
    tree = ast.parse((ROOT / "benchmarks" / "api.py").read_text())
    return {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def calls() -> list[tuple[str, tuple, tuple]]:
    """(name, warm-up request, measured request); a request is (url,) or (url, GraphQL body)."""
    texts = benchmark_queries()
    DEEP_CHAPTERS, DEEP_PROJECT = texts["DEEP_CHAPTERS"], texts["DEEP_PROJECT"]
    NEST_PROJECT_PAGE = (ROOT / "tests/api/graphql/nest_queries/project.graphql").read_text()

    projects = list(ProjectPage.objects.listed().order_by("pk").values_list("owasp_key", flat=True)[:2])
    chapters = list(ChapterPage.objects.listed().order_by("pk").values_list("owasp_key", flat=True)[:2])
    projects = [key.removeprefix("www-project-") for key in projects]
    chapters = [key.removeprefix("www-chapter-") for key in chapters]
    repositories = list(Repository.objects.present().order_by("pk").values_list("owner_login", "name")[:2])
    with_repositories = ProjectPage.objects.listed().filter(pk__in=Repository.objects.present().values("project_id"))
    deep = [
        key.removeprefix("www-project-")
        for key in with_repositories.order_by("pk").values_list("owasp_key", flat=True)[:2]
    ]
    issues = list(
        Issue.objects.filter(repository__in=Repository.objects.present())
        .order_by("pk")
        .values_list("repository__owner_login", "repository__name", "number")[:2]
    )
    members = list(User.objects.order_by("pk").values_list("login", flat=True)[:2])
    found = []
    for name in ("projects", "chapters", "events", "issues", "repositories", "members", "releases"):
        found.append((f"list {name}", (f"{API}/{name}/?page=2&page_size=99",), (f"{API}/{name}/?page_size=100",)))
    for name, keys in (("projects", projects), ("chapters", chapters)):
        found.append((f"detail {name[:-1]}", (f"{API}/{name}/{keys[1]}",), (f"{API}/{name}/{keys[0]}",)))
    found.append(
        ("detail repository",)
        + tuple((f"{API}/repositories/{owner}/{name}",) for owner, name in reversed(repositories))
    )
    found.append(
        ("detail issue",)
        + tuple((f"{API}/issues/{owner}/{name}/{number}",) for owner, name, number in reversed(issues))
    )
    found.append(("detail member",) + tuple((f"{API}/members/{login}",) for login in reversed(members)))

    def graphql(query, variables, operation=None):
        return ("/graphql/", {"query": query, "variables": variables, "operationName": operation})

    found.append(
        (
            "graphql project>repositories>issues,releases",
            graphql(DEEP_PROJECT, {"key": deep[1]}),
            graphql(DEEP_PROJECT, {"key": deep[0]}),
        )
    )
    found.append(
        (
            "graphql chapters(25)>leaders,events",
            graphql(DEEP_CHAPTERS, {"offset": 25}),
            graphql(DEEP_CHAPTERS, {"offset": 0}),
        )
    )
    found.append(
        (
            "graphql Nest's project page query",
            graphql(NEST_PROJECT_PAGE, {"key": deep[1]}, "NestProject"),
            graphql(NEST_PROJECT_PAGE, {"key": deep[0]}, "NestProject"),
        )
    )
    return found


def send(client: Client, request: tuple):
    if len(request) == 1:
        response = client.get(request[0])
    else:
        response = client.post(request[0], request[1], content_type="application/json")
    assert response.status_code == 200, (request[0], response.status_code, response.content[:300])
    if len(request) > 1:
        assert "errors" not in response.json(), response.content[:500]
    return response


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only endpoints whose name contains this")
    parser.add_argument("--top", type=int, default=0, help="print the N costliest functions (cumulative)")
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    print("| endpoint | queries | Python calls |")
    print("|---|---:|---:|")
    for name, warmup, measured in calls():
        if args.only and args.only not in name:
            continue
        send(client, warmup)
        profile = cProfile.Profile()
        with CaptureQueriesContext(connection) as captured:
            profile.enable()
            send(client, measured)
            profile.disable()
        stats = pstats.Stats(profile)
        print(f"| {name} | {len(captured.captured_queries)} | {stats.total_calls:,} |", flush=True)
        if args.top:
            stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

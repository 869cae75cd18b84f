"""Speed of the REST and GraphQL APIs served by gunicorn on loopback: requests per second, p50 and p95 (ms).

Serves the app as production does (``gunicorn nest.wsgi``, the Production settings, DEBUG off, psycopg's
pool) against the database the environment points at, and sends it real HTTP from ``--concurrency`` client
threads, each with its own keep-alive connection (httpx). Fill that database first, at 10x OWASP's size:

    export NEST_PGDATA=/tmp/bench10-pgdata
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_data --scale 10
    .venv/bin/python benchmarks/api.py --requests 300 --concurrency 2

What is measured, per endpoint, after a warm-up of its own (PostgreSQL's buffers, the workers' Python):
- the main lists (projects, chapters, events, issues, repositories, members, releases) at pages 1 to 10
  and sizes 50 to 100, the main details (project, chapter, repository, issue, member) by keys sampled from
  the database, the issues list at page 1 (four orders, open / closed / all) and at a depth of 50,000 rows
  through ``cursor``, and deep GraphQL queries (project -> repositories -> issues / releases / contributors,
  chapters -> leaders -> events, and the project page query of Nest's front end), with sampled keys;
- a deep ``page=`` (past 10,000 rows), which is refused with a 400 that says to follow ``next_cursor``.

"cold": the response cache holds none of the measured requests. The server gets a cache key prefix of its own
(``CACHE_KEY_PREFIX``), so nothing from an earlier run or another process is found; every measured request
(path and parameters) is sent once, and differs from the warm-up's, so each one is computed from the
database and serialized. What the API caches by design beside responses stays cached as in production:
each list's ``total_count`` (counted once per list and filters, in the warm-up) and the time of the last
GitHub sync. ``--no-cache`` serves with ``NEST_API_CACHE_SECONDS=0`` instead: nothing is cached, counts
included (cold only). "warm": the same requests again, now answered from the response cache. GraphQL has
no response cache: its warm pass is a second uncached pass.

The SQL queries column counts one uncached request of each endpoint in this process (django.test.Client).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "nest.settings",
    "DJANGO_CONFIGURATION": "Production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
    "CACHE_KEY_PREFIX": f"nest-apibench-{os.getpid()}-{secrets.token_hex(4)}",
    "NEST_API_RATE_ANONYMOUS": "100000000/minute",  # throttling still counts every request, never refuses one
    "NEST_API_CACHE_SECONDS": "1800",  # entries outlive the run
}
for _name, _value in SERVER_ENV.items():
    os.environ.setdefault(_name, _value)

from nest import embedded_db  # noqa: E402

embedded_db.ensure_started()

import configurations  # noqa: E402

configurations.setup()

import httpx  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max, Min  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from tqdm import tqdm  # noqa: E402

from apps.github.models import Issue, Repository, User  # noqa: E402
from cms.models import ChapterPage, ProjectPage  # noqa: E402

API = "/api/v0"
DEEP_ROWS = 50_000
WALK_SIZE = 100
LIST_TARGET, DETAIL_TARGET, GRAPHQL_TARGET = 20.0, 15.0, 50.0

DEEP_PROJECT = """
query DeepProject($key: String!) {
  project(key: $key) {
    key name level starsCount contributorsCount leaders
    entityLeaders { memberName member { login name avatarUrl } }
    repositories(limit: 10) {
      name url starsCount contributorsCount organization { login }
      issues(limit: 10) { number title url state createdAt labels author { login name } assignees { login } }
      releases(limit: 5) { tagName name publishedAt url author { login } }
      topContributors(limit: 5) { login name }
    }
    recentIssues(limit: 5) { title url author { login } }
    recentReleases(limit: 5) { tagName publishedAt }
    healthMetricsLatest { score }
  }
}
"""

DEEP_CHAPTERS = """
query DeepChapters($offset: Int) {
  chapters(limit: 25, offset: $offset) {
    key name suggestedLocation leaders
    entityLeaders { memberName role member { login name avatarUrl } }
    events(limit: 3) { key name startDate url }
  }
}
"""

NEST_PROJECT_PAGE = (ROOT / "tests/api/graphql/nest_queries/project.graphql").read_text()


@dataclass
class Call:
    """One request: a GET of ``url``, or a POST of a GraphQL body to /graphql/."""

    url: str
    body: dict | None = None

    def key(self) -> str:
        return self.url + (json.dumps(self.body, sort_keys=True) if self.body else "")


@dataclass
class Endpoint:
    name: str
    kind: str  # list, detail, graphql, refused
    target: float | None
    calls: list[Call]  # measured: each distinct
    warmup: list[Call]
    expect: int = 200
    results: dict = field(default_factory=dict)


def graphql(query: str, variables: dict, operation: str | None = None) -> Call:
    return Call("/graphql/", {"query": query, "variables": variables, "operationName": operation})


# Keys sampled from the database ---------------------------------------------------------------------------


def sample_keys(rng: random.Random, count: int) -> dict[str, list]:
    """Keys of rows the API serves, at random (``count`` of each kind at most)."""

    def pick(values):
        values = list(values)
        rng.shuffle(values)
        return values[:count]

    projects = ProjectPage.objects.listed().order_by("pk")
    with_repositories = projects.filter(pk__in=Repository.objects.present().values("project_id"))
    keys = {
        "project": pick(page.short_key for page in projects),
        "project with repositories": pick(page.short_key for page in with_repositories),
        "chapter": pick(page.short_key for page in ChapterPage.objects.listed().order_by("pk")),
        "repository": pick(Repository.objects.present().order_by("pk").values_list("owner_login", "name")),
    }
    for model, name, values in (
        (Issue, "issue", ("repository__owner_login", "repository__name", "number")),
        (User, "member", ("login",)),
    ):
        bounds = model.objects.aggregate(low=Min("pk"), high=Max("pk"))
        ids = rng.sample(range(bounds["low"], bounds["high"] + 1), min(count * 2, bounds["high"] - bounds["low"] + 1))
        rows = model.objects.filter(pk__in=ids)
        if model is Issue:
            rows = rows.filter(repository__in=Repository.objects.present())
        keys[name] = pick(rows.values_list(*values, flat=len(values) == 1))
    return keys


# The endpoints --------------------------------------------------------------------------------------------


def split(calls: list[Call], warmup: int, measured: int) -> tuple[list[Call], list[Call]]:
    """Distinct calls, the warm-up's first: no measured call was sent before."""
    seen, unique = set(), []
    for call in calls:
        if call.key() not in seen:
            seen.add(call.key())
            unique.append(call)
    return unique[warmup : warmup + measured], unique[:warmup]


def page_calls(path: str, total: int, rng: random.Random, variants=("",), max_page: int = 10) -> list[Call]:
    """A list's pages 1 to ``max_page`` (within its rows) at sizes 50 to 100, for each variant (filters,
    orders), every variant in the first few calls (so the warm-up counts each)."""
    combos = []
    for variant in variants:
        for size in range(50, 101):
            for page in range(1, min(max_page, max(1, math.ceil(total / size))) + 1):
                combos.append(f"{path}?{variant}{'&' if variant else ''}page={page}&page_size={size}")
    rng.shuffle(combos)
    firsts = [f"{path}?{variant}{'&' if variant else ''}page_size=100" for variant in variants]
    return [Call(url) for url in firsts + combos]


def deep_cursors(http: httpx.Client, depth: int, count: int) -> list[str]:
    """The ``next_cursor`` of the issues list (default order) at ``depth`` rows and after, reached by
    following the cursors from page 1, as a client does."""
    cursors, url = [], f"{API}/issues/?page_size={WALK_SIZE}"
    steps = depth // WALK_SIZE + count
    for step in tqdm(
        range(steps), desc=f"following cursors to {depth:,} issues", unit="page", leave=False, mininterval=5
    ):
        response = http.get(url)
        response.raise_for_status()
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
        if (step + 1) * WALK_SIZE >= depth:
            cursors.append(cursor)
        url = f"{API}/issues/?page_size={WALK_SIZE}&{httpx.QueryParams({'cursor': cursor})}"
    return cursors


def endpoints(http: httpx.Client, keys: dict[str, list], requests: int, warm: int, rng) -> list[Endpoint]:
    found = []

    def total(path: str) -> int:
        response = http.get(f"{path}?page_size=1")
        response.raise_for_status()
        return response.json()["total_count"]

    for name in ("projects", "chapters", "events", "issues", "repositories", "members", "releases"):
        path = f"{API}/{name}/"
        calls, warmup = split(page_calls(path, total(path), rng), warm, requests)
        found.append(Endpoint(f"list {name}", "list", LIST_TARGET, calls, warmup))

    details = {
        "project": [f"{API}/projects/{key}" for key in keys["project"]],
        "chapter": [f"{API}/chapters/{key}" for key in keys["chapter"]],
        "repository": [f"{API}/repositories/{owner}/{name}" for owner, name in keys["repository"]],
        "issue": [f"{API}/issues/{owner}/{name}/{number}" for owner, name, number in keys["issue"]],
        "member": [f"{API}/members/{login}" for login in keys["member"]],
    }
    for name, urls in details.items():
        calls, warmup = split([Call(url) for url in urls], warm, requests)
        found.append(Endpoint(f"detail {name}", "detail", DETAIL_TARGET, calls, warmup))

    orders = ("-created_at", "created_at", "-updated_at", "updated_at")
    variants = [f"ordering={order}{state}" for order in orders for state in ("", "&state=open", "&state=closed")]
    head = [Call(f"{API}/issues/?{variant}&page_size=100") for variant in variants]  # the warm-up counts each
    page_one = [Call(f"{API}/issues/?{variant}&page_size={size}") for size in range(99, 49, -1) for variant in variants]
    rng.shuffle(page_one)
    found.append(
        Endpoint("issues page 1 (4 orders x open/closed/all)", "issues", DETAIL_TARGET, page_one[:requests], head)
    )

    cursors = deep_cursors(http, DEEP_ROWS, max(4, requests // 40))
    deep = [
        Call(f"{API}/issues/?{httpx.QueryParams({'cursor': cursor, 'page_size': size})}")
        for size in range(99, 49, -1)
        for cursor in cursors
    ]
    rng.shuffle(deep)
    calls, warmup = split(deep, warm, requests)
    found.append(Endpoint(f"issues at {DEEP_ROWS:,} rows (cursor)", "issues", DETAIL_TARGET, calls, warmup))

    refused = [Call(f"{API}/issues/?page={page}&page_size=100") for page in range(101, 101 + requests + warm)]
    calls, warmup = split(refused, warm, requests)
    found.append(Endpoint("issues ?page=101+ (refused: 400)", "refused", None, calls, warmup, expect=400))

    deep_project = [graphql(DEEP_PROJECT, {"key": key}) for key in keys["project with repositories"]]
    calls, warmup = split(deep_project, warm, requests)
    found.append(Endpoint("graphql project>repositories>issues,releases", "graphql", GRAPHQL_TARGET, calls, warmup))

    chapters = total(f"{API}/chapters/")
    offsets = list(range(0, max(1, chapters - 25)))
    rng.shuffle(offsets)
    calls, warmup = split([graphql(DEEP_CHAPTERS, {"offset": offset}) for offset in offsets], warm, requests)
    found.append(Endpoint("graphql chapters(25)>leaders,events", "graphql", GRAPHQL_TARGET, calls, warmup))

    page = [graphql(NEST_PROJECT_PAGE, {"key": key}, "NestProject") for key in keys["project with repositories"]]
    calls, warmup = split(page, warm, requests)
    found.append(Endpoint("graphql Nest's project page query", "graphql", GRAPHQL_TARGET, calls, warmup))
    return found


# Running them ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(workers: int, threads: int, extra_env: dict):
    """gunicorn serving the app on a free loopback port; stopped (its process group) on the way out."""
    port = free_port()
    env = {**os.environ, **extra_env}
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "nest.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--keep-alive=30",
        "--log-level=warning",
    ]
    log = open(os.environ.get("APIBENCH_SERVER_LOG", "/tmp/apibench-gunicorn.log"), "w")  # noqa: SIM115
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited ({server.returncode}): see {log.name}")
            try:
                if httpx.get(f"{base}{API}/", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer within 90 s: see {log.name}")
            time.sleep(0.5)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


class Load:
    """Sends calls from ``concurrency`` threads, each with its own keep-alive connection."""

    def __init__(self, base: str, concurrency: int):
        self.base, self.concurrency = base, concurrency
        self.local = threading.local()
        self.clients: list[httpx.Client] = []
        self.lock = threading.Lock()
        self.pool = ThreadPoolExecutor(concurrency)

    def client(self) -> httpx.Client:
        if not hasattr(self.local, "client"):
            self.local.client = httpx.Client(base_url=self.base, timeout=30, limits=httpx.Limits(max_connections=1))
            with self.lock:
                self.clients.append(self.local.client)
        return self.local.client

    def send(self, call: Call, expect: int) -> tuple[float, bool]:
        client = self.client()
        start = time.perf_counter()
        response = client.get(call.url) if call.body is None else client.post(call.url, json=call.body)
        elapsed = (time.perf_counter() - start) * 1000
        ok = response.status_code == expect
        if ok and call.body is not None:
            ok = "errors" not in response.json()
        return elapsed, ok

    def run(self, calls: list[Call], expect: int, progress) -> dict:
        start = time.perf_counter()
        times, failures = [], 0
        for elapsed, ok in self.pool.map(lambda call: self.send(call, expect), calls):
            times.append(elapsed)
            failures += not ok
            progress.update(1)
        wall = time.perf_counter() - start
        return {
            "n": len(times),
            "rps": len(times) / wall if wall else 0.0,
            "p50": statistics.median(times) if times else math.nan,
            "p95": percentile(times, 0.95),
            "failures": failures,
        }

    def close(self):
        self.pool.shutdown()
        for client in self.clients:
            client.close()


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


def count_queries(endpoint: Endpoint) -> int:
    """SQL queries of one uncached request of the endpoint, in this process."""
    call = endpoint.calls[0] if endpoint.calls else endpoint.warmup[0]
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(NEST_API_CACHE_SECONDS=0), CaptureQueriesContext(connection) as captured:
        if call.body is None:
            client.get(call.url)
        else:
            client.post(call.url, call.body, content_type="application/json")
    return len(captured.captured_queries)


def refusal_message(http: httpx.Client) -> str:
    response = http.get(f"{API}/issues/?page=501&page_size=100")
    return f"{response.status_code} {response.json()}"


def table(found: list[Endpoint], warm: bool) -> str:
    head = "| endpoint | target p95 | queries | n | cold req/s | cold p50 | cold p95 |"
    rule = "|---|---:|---:|---:|---:|---:|---:|"
    if warm:
        head += " warm req/s | warm p50 | warm p95 |"
        rule += "---:|---:|---:|"
    head += " load | |"
    rule += "---:|---|"
    lines = [head, rule]
    for endpoint in found:
        cold, hot = endpoint.results["cold"], endpoint.results.get("warm")
        target = f"≤ {endpoint.target:.0f} ms" if endpoint.target else "—"
        line = (
            f"| {endpoint.name} | {target} | {endpoint.results['queries']} | {cold['n']} | {cold['rps']:.0f} "
            f"| {cold['p50']:.1f} | {cold['p95']:.1f} |"
        )
        if warm:
            line += f" {hot['rps']:.0f} | {hot['p50']:.1f} | {hot['p95']:.1f} |"
        failures = cold["failures"] + (hot["failures"] if hot else 0)
        verdict = "" if endpoint.target is None else ("ok" if cold["p95"] <= endpoint.target else "**missed**")
        if failures:
            verdict += f" {failures} unexpected answers"
        line += f" {endpoint.results['load']:.2f} | {verdict.strip()} |"
        lines.append(line)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="measured requests per endpoint and pass")
    parser.add_argument("--warmup", type=int, default=30, help="warm-up requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=2, help="client threads (one connection each)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (gthread)")
    parser.add_argument("--only", help="only endpoints whose name contains this")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-cache", action="store_true", help="serve with NEST_API_CACHE_SECONDS=0 (cold only)")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    started, load_before = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.getloadavg()
    keys = sample_keys(rng, args.requests + args.warmup)
    server_env = {"NEST_API_CACHE_SECONDS": "0"} if args.no_cache else {}
    with gunicorn(args.workers, args.threads, server_env) as base, httpx.Client(base_url=base, timeout=30) as http:
        found = endpoints(http, keys, args.requests, args.warmup, rng)
        if args.only:
            found = [endpoint for endpoint in found if args.only in endpoint.name]
        refused = refusal_message(http)
        passes = ("cold",) if args.no_cache else ("cold", "warm")
        total = sum(len(e.warmup) + len(e.calls) * len(passes) for e in found)
        load = Load(base, args.concurrency)
        try:
            with tqdm(total=total, desc="requests", unit="req", mininterval=5) as progress:
                for endpoint in found:
                    progress.set_postfix_str(endpoint.name)
                    load.run(endpoint.warmup, endpoint.expect, progress)
                    for name in passes:
                        calls = list(endpoint.calls)
                        rng.shuffle(calls)
                        endpoint.results[name] = load.run(calls, endpoint.expect, progress)
                    endpoint.results["load"] = os.getloadavg()[0]
        finally:
            load.close()
    for endpoint in found:
        endpoint.results["queries"] = count_queries(endpoint)

    mode = "nothing cached (NEST_API_CACHE_SECONDS=0)" if args.no_cache else "response cache cold, then warm"
    print(f"\n{table(found, warm=not args.no_cache)}\n")
    targeted = [e for e in found if e.target is not None]
    missed = [e.name for e in targeted if e.results["cold"]["p95"] > e.target]
    failures = sum(result["failures"] for e in found for name, result in e.results.items() if name in passes)
    print(
        f"- {started}; {mode}; gunicorn {args.workers} workers x {args.threads} threads (gthread), "
        f"{args.concurrency} client threads with keep-alive; {args.requests} requests per endpoint and pass "
        f"after {args.warmup} warm-up requests; load average before {load_before[0]:.2f} / "
        f"{load_before[1]:.2f}, after {os.getloadavg()[0]:.2f} / {os.getloadavg()[1]:.2f}."
    )
    print(f"- A deep page=: GET {API}/issues/?page=501&page_size=100 -> {refused}")
    print(
        f"- Targets met (cold p95): {len(targeted) - len(missed)} of {len(targeted)}"
        + (f"; missed: {', '.join(missed)}" if missed else "")
        + f"; unexpected answers: {failures}."
    )
    return 0 if not missed and not failures else 1


if __name__ == "__main__":
    raise SystemExit(main())

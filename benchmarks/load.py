"""Load and faults: a mixed read workload against gunicorn on loopback, then Redis stopped mid-run and a Celery
worker killed mid-task. Prints throughput, p50/p95/p99 and errors per phase as markdown tables.

Everything it drives it starts itself, on loopback ports of its own: gunicorn (``--port``, default a free one),
a redis-server (``--redis-port``, default 6391) that is the cache, the session store and the Celery broker and
result backend, and a Celery worker (``benchmarks/load_worker.py``). The machine's own Redis, RabbitMQ and
PostgreSQL are never touched. The database is the one the environment names: ``DATABASE_URL``, else the
embedded cluster in ``NEST_PGDATA`` (filled beforehand, e.g. at 10x):

    export NEST_PGDATA=/tmp/bench10-pgdata
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py generate_data --scale 10
    .venv/bin/python benchmarks/load.py --duration 60 --max-requests 20000 --concurrency 4

``--tiny`` runs every phase for about two seconds (the test suite's end-to-end check).

The workload, from ``--concurrency`` client threads with a keep-alive connection each: public pages (home,
listings, a project page), the REST API, GraphQL, search (results page and suggestions) and ``/ask/`` (a POST
with its CSRF token; answered offline by the local encoder unless the environment sets OpenAI). The phases:

1. ``steady``: everything up.
2. ``redis down``: the worker is paused (SIGSTOP), an ``owasp.sync`` of the sponsors is queued, Redis is
   stopped (SIGTERM; it writes its append-only file), and while it is down a second ``owasp.sync`` is sent by a
   producer that retries until the broker is back. Pages must keep serving: cache misses, never a 500.
3. ``redis back``: Redis restarted on the same files, the worker resumed; both queued syncs must run.
4. ``worker killed``: a probe task (``load.probe``, which holds for a while) is queued, the worker is killed
   with SIGKILL (its whole process group) once the task has started, and a new worker is started. With
   acks late (Nest's settings set it, and so does ``load_worker.py``, with a short visibility timeout) the
   task is redelivered after the Redis transport's visibility timeout and finishes; ``--no-acks-late`` turns
   it off in the script's worker, to show what happens without.

The server runs the ``Local`` settings with DEBUG off (``--configuration``): ``Production`` serves static files
from a collected manifest, so it needs ``manage.py collectstatic`` first (and then works the same way).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis
from celery import Celery

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

QUESTIONS = ["How do I start an OWASP chapter?", "Which projects help with threat modeling?", "What is ZAP?"]
SEARCHES = ["security", "zap", "owasp top ten", "threat", "mobile", "api"]
GRAPHQL_QUERY = "query Load { projects(limit: 10) { key name level } chapters(limit: 10) { key name } }"
# One round of each client: 9 pages, 5 REST, 2 GraphQL, 3 searches, 1 question, interleaved so that any five
# consecutive requests include every kind (a tiny run still sends each one).
MIX = ["page", "rest", "graphql", "search", "ask", "page", "rest", "page", "search", "page",
       "rest", "page", "graphql", "page", "search", "rest", "page", "page", "rest", "page"]  # fmt: skip


@dataclass
class Sample:
    kind: str
    status: int  # 0: no answer (connection refused, timeout)
    seconds: float
    path: str = ""


@dataclass
class Phase:
    name: str
    samples: list[Sample] = field(default_factory=list)
    seconds: float = 0.0

    def row(self) -> list[str]:
        latencies = sorted(sample.seconds for sample in self.samples)
        statuses = Counter(sample.status // 100 for sample in self.samples)
        throughput = len(self.samples) / self.seconds if self.seconds else 0.0
        return [
            self.name,
            str(len(self.samples)),
            f"{throughput:.1f}",
            *(f"{percentile(latencies, fraction) * 1000:.0f}" for fraction in (0.50, 0.95, 0.99)),
            str(statuses[2] + statuses[3]),
            str(statuses[4]),
            str(statuses[5]),
            str(statuses[0]),
        ]

    def as_dict(self) -> dict:
        by_kind: dict[str, Counter] = {}
        for sample in self.samples:
            by_kind.setdefault(sample.kind, Counter())[str(sample.status)] += 1
        return {
            "name": self.name,
            "requests": len(self.samples),
            "seconds": round(self.seconds, 3),
            "statuses": dict(Counter(str(sample.status) for sample in self.samples)),
            "by_kind": {kind: dict(counts) for kind, counts in by_kind.items()},
            "failures": sorted({f"{s.status} {s.path}" for s in self.samples if s.status == 0 or s.status >= 500}),
        }


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of sorted ``values`` (0 when there are none)."""
    if not values:
        return 0.0
    return values[min(len(values) - 1, max(0, round(fraction * len(values) + 0.5) - 1))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, timeout: float, what: str, process: subprocess.Popen | None = None, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"{what}: the process exited ({process.returncode}); see {log}")
        with contextlib.suppress(Exception):
            if predicate():
                return
        time.sleep(0.1)
    raise SystemExit(f"{what}: not ready within {timeout:.0f} s; see {log}")


class Processes:
    """The run's Redis, gunicorn and Celery workers, each in a process group of its own, stopped on the way out."""

    def __init__(self, args, workdir: Path):
        self.args, self.workdir = args, workdir
        self.redis_url = f"redis://127.0.0.1:{args.redis_port}/0"
        self.queue = f"nest-load-{os.getpid()}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "nest.settings",
            "DJANGO_CONFIGURATION": args.configuration,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
            "REDIS_URL": self.redis_url,
            "CACHE_KEY_PREFIX": self.queue,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            # The workload comes from one address: limits would measure the limiter, not the site.
            "NEST_API_RATE_ANONYMOUS": "100000000/minute",
            "NEST_ASK_RATE": "100000000/minute",
            "NEST_AI_EMBED_ON_CHANGE": "false",
            "LOAD_ACKS_LATE": "1" if args.acks_late else "0",
            "LOAD_VISIBILITY_TIMEOUT": str(args.visibility_timeout),
            "PYTHONPATH": str(ROOT),
        }
        self.redis: subprocess.Popen | None = None
        self.web: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []

    def _start(self, name: str, command: list[str]) -> tuple[subprocess.Popen, Path]:
        log = self.workdir / f"{name}.log"
        handle = log.open("a")
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        handle.close()
        return process, log

    def start_redis(self):
        """redis-server on its own port and folder, with an append-only file so a restart keeps the queue."""
        command = [
            shutil.which("redis-server") or "redis-server",
            "--port", str(self.args.redis_port), "--bind", "127.0.0.1", "--dir", str(self.workdir),
            "--appendonly", "yes", "--save", "", "--protected-mode", "yes",
        ]  # fmt: skip
        self.redis, log = self._start("redis", command)
        client = redis.Redis.from_url(self.redis_url, socket_connect_timeout=0.5)
        wait_for(client.ping, 10, "redis-server", self.redis, log)

    def stop_redis(self):
        """SIGTERM, as an orchestrator stops it: Redis flushes its append-only file and exits."""
        self.redis.terminate()
        self.redis.wait(timeout=15)

    def start_web(self, port: int):
        command = [
            str(BIN / "gunicorn"), "nest.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(self.args.web_workers), "--threads", str(self.args.web_threads),
            "--timeout", "60", "--graceful-timeout", "5",
        ]  # fmt: skip
        self.web, log = self._start("gunicorn", command)
        wait_for(lambda: httpx.get(f"http://127.0.0.1:{port}/robots.txt", timeout=2).status_code == 200,
                 120, "gunicorn", self.web, log)  # fmt: skip

    def start_worker(self) -> subprocess.Popen:
        log = self.workdir / f"worker-{len(self.workers) + 1}.log"
        command = [
            str(BIN / "celery"), "-A", "benchmarks.load_worker", "worker", "-Q", self.queue, "--concurrency", "1",
            "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--hostname", f"load{len(self.workers)}@%h",
        ]  # fmt: skip
        worker, log = self._start(log.stem, command)
        self.workers.append(worker)
        wait_for(lambda: " ready." in log.read_text(), 120, "celery worker", worker, log)
        return worker

    def signal_group(self, process: subprocess.Popen, signum: int):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)

    def stop_all(self):
        for process in [*self.workers, self.web, self.redis]:
            if process is not None and process.poll() is None:
                self.signal_group(process, signal.SIGCONT)
                self.signal_group(process, signal.SIGTERM)
        for process in [*self.workers, self.web, self.redis]:
            if process is None:
                continue
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.signal_group(process, signal.SIGKILL)
                process.wait(timeout=5)


class Workload:
    """Client threads sending the mixed read workload until told to stop, or at ``max_requests`` per phase."""

    def __init__(self, base: str, concurrency: int, seed: int):
        self.base, self.concurrency, self.rng = base, concurrency, random.Random(seed)
        self.pages = ["/", "/projects/", "/chapters/", "/committees/", "/events/", "/sponsors/"]
        self.phase: Phase | None = None
        self._lock = threading.Lock()

    def discover(self):
        """A few detail pages of the database at hand (the project links of the projects listing)."""
        listing = httpx.get(self.base + "/projects/", timeout=30).text
        details = sorted(set(re.findall(r'href="(/projects/[a-z0-9-]+/)"', listing)))
        self.pages += self.rng.sample(details, min(5, len(details)))

    def call(self, http: httpx.Client, rng: random.Random, kind: str) -> Sample:
        started = time.perf_counter()
        try:
            if kind == "page":
                response = http.get(rng.choice(self.pages))
            elif kind == "rest":
                path = rng.choice(["projects/", "chapters/", "events/", "committees/", "issues/"])
                response = http.get(f"/api/v0/{path}", params={"page": rng.randint(1, 3)})
            elif kind == "graphql":
                response = http.post("/graphql/", json={"query": GRAPHQL_QUERY})
                if response.status_code == 200 and response.json().get("errors"):
                    return Sample(kind, 500, time.perf_counter() - started, "/graphql/ (errors)")  # counts as a 500
            elif kind == "search":
                query = rng.choice(SEARCHES)
                path = rng.choice(["/search/", "/search/suggestions/"])
                response = http.get(path, params={"q": query[: rng.randint(3, len(query))]})
            else:
                form = http.get("/ask/")
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
                data = {"question": rng.choice(QUESTIONS), "csrfmiddlewaretoken": token.group(1) if token else ""}
                response = http.post("/ask/", data=data, headers={"Referer": self.base + "/ask/"})
            return Sample(
                kind, response.status_code, time.perf_counter() - started, str(response.url.raw_path, "ascii")
            )
        except httpx.HTTPError as exc:
            try:
                path = f"{exc.request.url.path} ({type(exc).__name__})"
            except RuntimeError:  # an error raised before the request was made
                path = type(exc).__name__
            return Sample(kind, 0, time.perf_counter() - started, path)

    def run(self, phase: Phase, duration: float, max_requests: int, during=None) -> Phase:
        """Send requests for ``duration`` seconds (at most ``max_requests``); ``during`` runs in this thread."""
        stop = threading.Event()
        sent = iter(range(max_requests))

        def client(number: int, seed: float):
            rng = random.Random(seed)
            with httpx.Client(base_url=self.base, timeout=30, follow_redirects=False) as http:
                for turn in itertools.count(number):
                    with self._lock:
                        if stop.is_set() or next(sent, None) is None:
                            return
                    sample = self.call(http, rng, MIX[turn % len(MIX)])
                    with self._lock:
                        phase.samples.append(sample)

        threads = [
            threading.Thread(target=client, args=(number, self.rng.random())) for number in range(self.concurrency)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        if during is not None:
            during()
        stop.wait(max(0.0, duration - (time.monotonic() - started)))
        stop.set()
        for thread in threads:
            thread.join()
        phase.seconds = time.monotonic() - started
        return phase


def publish_when_back(producer: Celery, queue: str, outcome: dict, *, give_up_after: float = 300.0):
    """Send an ``owasp.sync`` while the broker is down: the producer retries until Redis answers again.

    Celery's publish retry (``retry_policy``) covers the broker only: before publishing, the Redis result
    backend subscribes to the task's result and gives up after its own few reconnects ("Retry limit exceeded
    while trying to reconnect to the Celery result store backend"), so an outage longer than those raises from
    ``send_task`` and nothing is queued. The producer here retries the whole send, as a caller that must not
    lose the work has to (``outcome["send_errors"]`` counts the failed attempts)."""
    started = time.monotonic()
    outcome["send_errors"] = 0
    while time.monotonic() - started < give_up_after:
        try:
            outcome["result"] = producer.send_task(
                "owasp.sync",
                kwargs={"only": ["sponsors"]},
                queue=queue,
                retry=True,
                retry_policy={"max_retries": None, "interval_start": 0.2, "interval_step": 0.2, "interval_max": 0.5},
            )
        except Exception:  # noqa: BLE001 - the result backend's reconnect gave up: send again
            outcome["send_errors"] += 1
            time.sleep(0.5)
            continue
        break
    outcome["published_after"] = time.monotonic() - started


def task_outcome(result, timeout: float) -> str:
    try:
        value = result.get(timeout=timeout, propagate=False)
    except Exception as exc:  # noqa: BLE001 - a timeout or a broken backend is the finding to report
        return f"not run ({type(exc).__name__})"
    return "ran" if result.successful() else f"failed ({value!r})"


def run(args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="nest-load-"))
    processes = Processes(args, workdir)
    results: dict = {"phases": [], "tasks": [], "workdir": str(workdir), "acks_late": args.acks_late}
    try:
        # The task results (AsyncResult) are dropped when drive() returns, while their Redis still answers.
        drive(args, processes, args.port or free_port(), results)
        return results
    finally:
        processes.stop_all()
        if not args.keep_logs:
            shutil.rmtree(workdir, ignore_errors=True)


def drive(args, processes: Processes, port: int, results: dict):
    """Start the processes, then the phases; fills ``results`` (phases, tasks and the markdown table)."""
    base = f"http://127.0.0.1:{port}"
    processes.start_redis()
    processes.start_web(port)
    worker = processes.start_worker()
    producer = Celery("nest-load", broker=processes.redis_url, backend=processes.redis_url)
    producer.conf.broker_connection_retry_on_startup = True
    counters = redis.Redis.from_url(processes.redis_url)

    workload = Workload(base, args.concurrency, args.seed)
    workload.discover()
    workload.run(Phase("warm-up"), min(args.duration, 5), args.max_requests)
    phases = [workload.run(Phase("steady"), args.duration, args.max_requests)]

    # Redis down: what was queued just before it stopped, and what is sent while it is down.
    processes.signal_group(worker, signal.SIGSTOP)
    queued_before = producer.send_task("owasp.sync", kwargs={"only": ["sponsors"]}, queue=processes.queue)
    processes.stop_redis()
    sent_while_down: dict = {}
    publisher = threading.Thread(target=publish_when_back, args=(producer, processes.queue, sent_while_down))
    phases.append(workload.run(Phase("redis down"), args.down_seconds, args.max_requests, during=publisher.start))

    processes.start_redis()
    back = time.monotonic()
    processes.signal_group(worker, signal.SIGCONT)
    phases.append(workload.run(Phase("redis back"), args.duration, args.max_requests))
    publisher.join(timeout=30)
    for name, result in (("sync queued before Redis stopped", queued_before),
                         ("sync sent while Redis was down", sent_while_down.get("result"))):  # fmt: skip
        outcome = task_outcome(result, args.task_timeout) if result is not None else "never published"
        if result is not None and result is sent_while_down.get("result") and sent_while_down.get("send_errors"):
            outcome += f" (sent after {sent_while_down['send_errors']} failed sends)"
        results["tasks"].append({"task": name, "outcome": outcome, "seconds": round(time.monotonic() - back, 1)})

    # A worker killed in the middle of a task.
    key = f"load:probe:{secrets.token_hex(4)}"
    probe = producer.send_task("load.probe", args=[key, args.probe_hold], queue=processes.queue)
    wait_for(lambda: int(counters.get(f"{key}:starts") or 0) >= 1, args.task_timeout, "probe task start")
    processes.signal_group(worker, signal.SIGKILL)
    worker.wait(timeout=10)
    killed = time.monotonic()
    phases.append(workload.run(Phase("worker killed"), args.duration, args.max_requests,
                               during=processes.start_worker))  # fmt: skip
    outcome = task_outcome(probe, args.visibility_timeout + args.probe_hold + args.task_timeout)
    starts = int(counters.get(f"{key}:starts") or 0)
    finishes = int(counters.get(f"{key}:finishes") or 0)
    results["tasks"].append({
        "task": "probe killed mid-task",
        "outcome": f"{outcome}: started {starts}x, finished {finishes}x",
        "seconds": round(time.monotonic() - killed, 1),
        "starts": starts,
        "finishes": finishes,
    })  # fmt: skip
    results["phases"] = [phase.as_dict() for phase in phases]
    results["table"] = report(phases, results["tasks"], args)


def report(phases: list[Phase], tasks: list[dict], args) -> str:
    head = ["phase", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "2xx/3xx", "4xx", "5xx", "no answer"]
    lines = [
        f"Load and faults: {args.concurrency} clients, {args.web_workers} gunicorn workers x {args.web_threads} "
        f"threads, {args.duration:g} s a phase (Redis down {args.down_seconds:g} s), at most {args.max_requests} "
        f"requests each; acks late {'on (as Nest configures it)' if args.acks_late else 'off (--no-acks-late)'}",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
        *("| " + " | ".join(phase.row()) + " |" for phase in phases),
        "",
        "| task | outcome | seconds after the fault ended |",
        "|---|---|---|",
        *(f"| {task['task']} | {task['outcome']} | {task['seconds']} |" for task in tasks),
    ]
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per phase")
    parser.add_argument("--down-seconds", type=float, default=None, help="seconds Redis stays down (--duration)")
    parser.add_argument("--max-requests", type=int, default=20000, help="requests per phase at most")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--web-threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="gunicorn's loopback port (default: a free one)")
    parser.add_argument("--redis-port", type=int, default=6391, help="the run's own redis-server (never 6379)")
    parser.add_argument("--visibility-timeout", type=float, default=5.0, help="Redis transport's, in seconds")
    parser.add_argument("--probe-hold", type=float, default=2.0, help="seconds the killed probe task runs")
    parser.add_argument("--task-timeout", type=float, default=60.0, help="seconds to wait for a queued task")
    parser.add_argument("--no-acks-late", dest="acks_late", action="store_false", help="the worker without acks late")
    parser.add_argument("--configuration", default="Local", choices=["Local", "Production"])
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--keep-logs", action="store_true", help="keep the processes' logs (the folder is printed)")
    parser.add_argument("--tiny", action="store_true", help="about two seconds a phase, a few dozen requests")
    args = parser.parse_args(argv)
    if args.redis_port == 6379:
        parser.error("6379 is the machine's own Redis: choose another --redis-port")
    if args.tiny:
        args.duration, args.max_requests, args.concurrency = 2.0, 60, 2
        args.web_workers, args.web_threads, args.probe_hold = 1, 2, 1.0
        args.visibility_timeout = min(args.visibility_timeout, 3.0)
    args.down_seconds = args.duration if args.down_seconds is None else args.down_seconds
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        from nest import embedded_db

        embedded_db.ensure_started()  # NEST_PGDATA's cluster, left running for the server and worker
    results = run(args)
    print(results["table"])
    if args.keep_logs:
        print(f"\nlogs: {results['workdir']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

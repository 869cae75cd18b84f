"""A local fake GitHub REST API: a real HTTP server (``ThreadingHTTPServer`` in a background thread).

It replays recorded api.github.com responses byte for byte and serves a ``Dataset`` (recorded, generated or
read from a folder: repositories with files answer the contents API, git trees and git blobs, see contents.py)
with GitHub's protocol: ``per_page``/``page`` with Link headers, ``since``, ``sort`` and ``direction``, ETags
and ``If-None-Match`` answered 304, X-RateLimit-* headers. Faults can be injected (per path, for the next N
matching requests): primary and secondary rate limits, 500/502, slow responses (client timeouts), truncated
JSON, 404 and spurious 304. Injected faults are synthetic and say so (``X-Fake-GitHub-Fault`` header and a
message ending "(synthetic fault injected by the fake GitHub)"). Every request is logged with its status.

Control API (for demos and other processes): ``GET /_fake/stats``, ``POST /_fake/faults`` (a Fault as JSON),
``DELETE /_fake/faults``, ``POST /_fake/reset`` (clears the request log), ``POST /_fake/changes``
(``{"org": "OWASP", "repositories": 20}``: a new and a closed issue in that many repositories),
``POST /_fake/edits`` (``{"count": 50}``: that many issues of every organization retitled, spread evenly,
answering each edit's repository, number, id and new title).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import socket
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from devtools.fake_github.contents import contents_listing, git_blob, git_tree
from devtools.fake_github.dataset import Dataset, FakeRepo, parse_iso
from devtools.fake_github.recorded import RECORDED_HOST, RecordedResponse

logger = logging.getLogger(__name__)

SYNTHETIC = "(synthetic fault injected by the fake GitHub)"
FAULT_KINDS = (
    "primary_rate_limit",
    "secondary_rate_limit",
    "server_error",
    "timeout",
    "truncated_json",
    "not_found",
    "not_modified",
)


@dataclass
class Fault:
    """A fault for requests whose path contains ``path`` ("" = any): after ``skip`` of them, ``count`` get it
    (``count=-1``: all). ``status`` picks 403 or 429 for rate limits and 500/502/503 for server errors."""

    kind: str
    path: str = ""
    count: int = 1
    skip: int = 0
    status: int | None = None
    retry_after: int | None = 1  # secondary limit; None sends no Retry-After header
    reset_in: int = 1  # primary limit: X-RateLimit-Reset is now + reset_in seconds
    delay: float = 2.0  # timeout: seconds before the (late) answer
    hits: int = 0

    def __post_init__(self):
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {', '.join(FAULT_KINDS)}")

    @property
    def used_up(self) -> bool:
        return self.count >= 0 and self.hits >= self.count


@dataclass
class LoggedRequest:
    method: str
    target: str
    status: int
    conditional: bool
    fault: str = ""
    authorization: str = ""  # the Authorization header's scheme ("Bearer"), never the token
    credential: str = ""  # "installation #N" (the N-th token minted), "app jwt", "token" or "" (none)


@dataclass
class Answer:
    status: int
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


def json_answer(status: int, data, headers: dict | None = None) -> Answer:
    return Answer(
        status, json.dumps(data).encode(), {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    )


class FakeGitHub:
    """``with FakeGitHub(dataset) as github: ...`` serves on ``github.url`` until the block ends."""

    def __init__(
        self,
        dataset: Dataset | None = None,
        *,
        recordings: list[RecordedResponse] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        rate_limit: int = 5_000,
        search_rate_limit: int = 30,
        enforce_rate_limit: bool = False,
        latency: float = 0.0,
        per_page_max: int = 100,
        app_keys: dict[str, str] | None = None,
        installation_token_ttl: int = 3600,
    ):
        self.dataset = dataset or Dataset()
        self.latency = latency  # seconds added to every answer, to watch (or interrupt) a run in slow motion
        self.host, self.port = host, port
        self.rate_limit = rate_limit
        self.per_page_max = per_page_max  # GitHub's is 100; lower it to page a small listing
        self.enforce_rate_limit = enforce_rate_limit
        self.rate_used = 0
        self.rate_window_start = time.time()
        # The search API's own budget, as GitHub's: 30 requests a minute, always enforced.
        self.search_rate_limit = search_rate_limit
        self.search_used = 0
        self.search_window_start = time.time()
        # GitHub Apps: app id -> public key (PEM) that verifies the app's JWT; installation tokens it minted
        # (token -> expiry). An installation token ("ghs_...") not minted here, or expired, answers 401.
        self.app_keys = {str(app_id): key for app_id, key in (app_keys or {}).items()}
        self.installation_token_ttl = installation_token_ttl
        self.installation_tokens: dict[str, float] = {}
        self.faults: list[Fault] = []
        self.log: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._replay: dict[tuple[str, str], list[RecordedResponse]] = {}
        self._replay_position: Counter = Counter()
        for recording in recordings or []:
            self._replay.setdefault((recording.method, recording.target), []).append(recording)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------------------
    def start(self) -> FakeGitHub:
        fake = self

        class Handler(FakeGitHubHandler):
            github = fake

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-github", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # -- faults and accounting -------------------------------------------------------------------------------
    def inject(self, kind: str | Fault, **options) -> Fault:
        fault = kind if isinstance(kind, Fault) else Fault(kind=kind, **options)
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def reset_log(self) -> None:
        with self._lock:
            self.log.clear()

    def statuses(self) -> Counter:
        with self._lock:
            return Counter(entry.status for entry in self.log)

    def requests(self, path: str = "") -> list[LoggedRequest]:
        with self._lock:
            return [entry for entry in self.log if path in entry.target]

    def count(self, pattern: str, status: int | None = None) -> int:
        """Logged requests whose path and query match the regular expression ``pattern`` (and ``status``)."""
        with self._lock:
            return sum(1 for entry in self.log if re.search(pattern, entry.target) and status in (None, entry.status))

    def stats(self) -> dict:
        with self._lock:
            return {
                "requests": len(self.log),
                "statuses": {
                    str(status): count for status, count in sorted(Counter(e.status for e in self.log).items())
                },
                "conditional": sum(1 for entry in self.log if entry.conditional),
                "faults_served": sum(1 for entry in self.log if entry.fault),
                "faults_pending": [asdict(fault) for fault in self.faults if not fault.used_up],
                "rate_limit": {"limit": self.rate_limit, "used": self.rate_used},
            }

    def simulate_activity(self, org: str, repositories: int) -> list[str]:
        """On every ``repositories``-th repository, spread evenly: one new issue and one issue closed."""
        with self.dataset.lock:
            repos = sorted(self.dataset.organizations[org].repos.values(), key=lambda repo: repo.full_name.lower())
            step = max(1, len(repos) // max(repositories, 1))
            changed = []
            for repo in repos[::step][:repositories]:
                author = next(iter(self.dataset.users))
                self.dataset.add_issue(repo, author=author, title="New issue (simulated activity)")
                still_open = next((item for item in repo.issues[:-1] if item.state == "open"), None)
                if still_open is not None:
                    self.dataset.update_issue(repo, still_open.number, state="closed")
                changed.append(repo.full_name)
            return changed

    def scattered_edits(self, count: int) -> list[dict]:
        """Retitle ``count`` issues spread evenly over every organization's repositories (one per repository
        picked): edits GitHub does not show in the repositories' listing entries, only in the items."""
        with self.dataset.lock:
            repos = sorted(
                (repo for repo in self.dataset.all_repos() if repo.listed and any(not i.is_pull for i in repo.issues)),
                key=lambda repo: repo.full_name.lower(),
            )
            step = max(1, len(repos) // max(count, 1))
            edits = []
            for position, repo in enumerate(repos[::step][:count]):
                issues = [item for item in repo.issues if not item.is_pull]
                item = issues[(position * 7919) % len(issues)]
                title = f"Edited issue {position} of {count}"
                self.dataset.edit_issue(repo, item.number, title=title)
                edits.append({"repository": repo.full_name, "number": item.number, "id": item.id, "title": title})
            return edits

    # -- request handling ------------------------------------------------------------------------------------
    def answer(self, method: str, target: str, headers, body: bytes = b"") -> Answer:
        parts = urlsplit(target)
        path = parts.path.rstrip("/") or "/"
        if path.startswith("/_fake/"):
            return self._control(method, path, body)
        if_none_match = headers.get("If-None-Match", "")
        bearer = headers.get("Authorization", "").removeprefix("Bearer ").strip()
        credential = self._credential(bearer)
        refused = self._app_route(method, path, bearer) if path.startswith("/app/") else self._refused(bearer)
        if refused is not None:
            self._rate_headers(refused)
            with self._lock:
                self.log.append(
                    LoggedRequest(method, target, refused.status, bool(if_none_match), "", "Bearer", credential)
                )
            return refused
        answer, fault = self._faulted(path, target)
        if answer is None:
            answer = self._replayed(method, target, if_none_match)
        if answer is None:
            query = dict(parse_qsl(parts.query))
            with self.dataset.lock:
                answer = self._route(method, path, query, if_none_match)
        if fault == "truncated_json" and answer.status == 200 and answer.body:
            answer.body = answer.body[: max(1, len(answer.body) // 2)]
            answer.headers["X-Fake-GitHub-Fault"] = "truncated_json"
        self._rate_headers(answer)
        answer.delay += self.latency
        with self._lock:
            scheme = headers.get("Authorization", "").split(" ")[0]
            self.log.append(
                LoggedRequest(method, target, answer.status, bool(if_none_match), fault, scheme, credential)
            )
        return answer

    # -- GitHub App authentication ---------------------------------------------------------------------------
    APP_TOKENS = re.compile(r"^/app/installations/(?P<installation>\d+)/access_tokens$")

    def _credential(self, bearer: str) -> str:
        if not bearer:
            return ""
        if bearer.startswith("ghs_"):
            with self._lock:
                tokens = list(self.installation_tokens)
            return f"installation #{tokens.index(bearer) + 1}" if bearer in tokens else "installation (unknown)"
        return "app jwt" if bearer.count(".") == 2 else "token"

    def _refused(self, bearer: str) -> Answer | None:
        """401 for an installation token this fake did not mint, or one past its expiry (as GitHub does)."""
        if not bearer.startswith("ghs_"):
            return None
        with self._lock:
            expires = self.installation_tokens.get(bearer)
        if expires is None or expires <= time.time():
            return json_answer(401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})
        return None

    def _app_route(self, method: str, path: str, bearer: str) -> Answer:
        """``POST /app/installations/{id}/access_tokens``: the app's JWT (RS256) is verified with its public
        key (issuer = app id, not expired, at most 10 minutes long); a new installation token comes back."""
        import jwt  # the fake's only use of PyJWT, as GitHub's check of an app's JWT

        match = self.APP_TOKENS.match(path)
        if method != "POST" or match is None:
            return not_found()
        try:
            issuer = jwt.decode(bearer, options={"verify_signature": False}).get("iss")
            key = self.app_keys.get(str(issuer))
            if key is None:
                raise jwt.InvalidTokenError(f"no app {issuer!r}")
            claims = jwt.decode(bearer, key, algorithms=["RS256"], options={"require": ["iat", "exp", "iss"]})
            if claims["exp"] - claims["iat"] > 660:
                raise jwt.InvalidTokenError("expiration time too far in the future")
        except jwt.PyJWTError as exc:
            return json_answer(
                401,
                {
                    "message": f"A JSON web token could not be decoded ({exc})",
                    "documentation_url": "https://docs.github.com/rest",
                },
            )
        with self._lock:
            token = (
                f"ghs_{hashlib.sha256(f'{path}{time.time()}{len(self.installation_tokens)}'.encode()).hexdigest()[:36]}"
            )
            expires = time.time() + self.installation_token_ttl
            self.installation_tokens[token] = expires
        body = {
            "token": token,
            "expires_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires)),
            "permissions": {"metadata": "read", "issues": "read", "contents": "read", "members": "read"},
            "repository_selection": "all",
        }
        return json_answer(201, body)

    def _faulted(self, path: str, target: str) -> tuple[Answer | None, str]:
        with self._lock:
            for fault in self.faults:
                if fault.used_up or fault.path not in target:
                    continue
                if fault.skip > 0:
                    fault.skip -= 1
                    continue
                fault.hits += 1
                return self._fault_answer(fault), fault.kind
        if self.enforce_rate_limit:
            self._roll_rate_window()
            if self.rate_used >= self.rate_limit:
                return self._primary_limit(int(self.rate_window_start + 3600)), "rate_limit_enforced"
        return None, ""

    def _fault_answer(self, fault: Fault) -> Answer | None:
        marker = {"X-Fake-GitHub-Fault": fault.kind}
        if fault.kind == "primary_rate_limit":
            answer = self._primary_limit(int(time.time()) + fault.reset_in, status=fault.status or 403)
            answer.headers.update(marker)
            return answer
        if fault.kind == "secondary_rate_limit":
            headers = dict(marker)
            if fault.retry_after is not None:
                headers["Retry-After"] = str(fault.retry_after)
            message = (
                f"You have exceeded a secondary rate limit. Please wait a few minutes before you try again. {SYNTHETIC}"
            )
            return json_answer(
                fault.status or 403,
                {
                    "message": message,
                    "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
                },
                headers,
            )
        if fault.kind == "server_error":
            return json_answer(fault.status or 500, {"message": f"Server Error {SYNTHETIC}"}, marker)
        if fault.kind == "not_found":
            return json_answer(404, {"message": f"Not Found {SYNTHETIC}"}, marker)
        if fault.kind == "not_modified":
            return Answer(304, b"", marker)
        if fault.kind == "timeout":
            return Answer(504, json.dumps({"message": f"late answer {SYNTHETIC}"}).encode(), marker, delay=fault.delay)
        return None  # truncated_json: served normally, then cut

    def _primary_limit(self, reset: int, status: int = 403) -> Answer:
        message = f"API rate limit exceeded for user ID 1. {SYNTHETIC}"
        return json_answer(
            status,
            {
                "message": message,
                "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
            },
            {"X-RateLimit-Limit": str(self.rate_limit), "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
        )

    def reset_rate_window(self) -> None:
        """Start a new rate-limit window now (what an hour's wait would do)."""
        with self._lock:
            self.rate_window_start, self.rate_used = time.time(), 0

    def reset_search_window(self) -> None:
        """Start a new search rate-limit window now (what a minute's wait would do)."""
        with self._lock:
            self.search_window_start, self.search_used = time.time(), 0

    def _roll_rate_window(self) -> None:
        if time.time() >= self.rate_window_start + 3600:
            self.rate_window_start, self.rate_used = time.time(), 0

    def _rate_headers(self, answer: Answer) -> None:
        if "X-RateLimit-Remaining" in answer.headers:
            return
        with self._lock:
            self._roll_rate_window()
            if answer.status != 304:  # conditional requests answered 304 do not count, as on GitHub
                self.rate_used += 1
            remaining = max(self.rate_limit - self.rate_used, 0)
        answer.headers.update(
            {
                "X-RateLimit-Limit": str(self.rate_limit),
                "X-RateLimit-Remaining": str(remaining),
                "X-RateLimit-Reset": str(int(self.rate_window_start + 3600)),
                "X-RateLimit-Used": str(self.rate_used),
                "X-RateLimit-Resource": "core",
            }
        )

    def _replayed(self, method: str, target: str, if_none_match: str) -> Answer | None:
        recordings = self._replay.get((method, target))
        if not recordings:
            return None
        with self._lock:
            position = min(self._replay_position[(method, target)], len(recordings) - 1)
            self._replay_position[(method, target)] += 1
        recording = recordings[position]
        headers = {name: value.replace(RECORDED_HOST, self.url) for name, value in recording.headers.items()}
        etag = recording.headers.get("ETag", "")
        if etag and if_none_match and etag_matches(if_none_match, etag):
            not_modified = next((r for r in recordings if r.status == 304), None)
            return Answer(304, b"", {**(not_modified.headers if not_modified else {}), "ETag": etag})
        body = recording.body.replace(RECORDED_HOST.encode(), self.url.encode()) if recording.body else b""
        if recording.status == 304:
            return Answer(304, b"", headers)
        return Answer(recording.status, body, headers)

    def _control(self, method: str, path: str, body: bytes) -> Answer:
        if path == "/_fake/stats" and method == "GET":
            return json_answer(200, self.stats())
        if path == "/_fake/faults" and method == "POST":
            try:
                fault = self.inject(Fault(**json.loads(body or b"{}")))
            except (TypeError, ValueError) as exc:
                return json_answer(422, {"message": str(exc)})
            return json_answer(201, asdict(fault))
        if path == "/_fake/faults" and method == "DELETE":
            self.clear_faults()
            return Answer(204)
        if path == "/_fake/reset" and method == "POST":
            self.reset_log()
            return Answer(204)
        if path == "/_fake/edits" and method == "POST":
            try:
                edits = self.scattered_edits(int(json.loads(body or b"{}").get("count", 1)))
            except (TypeError, ValueError) as exc:
                return json_answer(422, {"message": str(exc)})
            return json_answer(201, {"edits": edits})
        if path == "/_fake/changes" and method == "POST":
            try:
                options = json.loads(body or b"{}")
                changed = self.simulate_activity(options.get("org", "OWASP"), int(options.get("repositories", 1)))
            except (KeyError, TypeError, ValueError) as exc:
                return json_answer(422, {"message": str(exc)})
            return json_answer(201, {"changed": changed})
        return json_answer(404, {"message": "unknown control endpoint"})

    # -- the dataset's REST API ------------------------------------------------------------------------------
    ROUTES = [
        (re.compile(r"^/rate_limit$"), "rate_limit"),
        (re.compile(r"^/search/issues$"), "search_issues"),
        (re.compile(r"^/users/(?P<login>[^/]+)$"), "user"),
        (re.compile(r"^/orgs/(?P<org>[^/]+)$"), "org"),
        (re.compile(r"^/orgs/(?P<org>[^/]+)/repos$"), "org_repos"),
        (re.compile(r"^/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)$"), "repo"),
        (re.compile(r"^/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/contents(?:/(?P<file_path>.+))?$"), "contents"),
        (re.compile(r"^/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/git/trees/(?P<ref>[^/]+)$"), "tree"),
        (re.compile(r"^/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/git/blobs/(?P<sha>[0-9a-f]{40})$"), "blob"),
        (re.compile(r"^/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/issues/(?P<number>\d+)$"), "issue"),
        (re.compile(r"^/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/releases/(?P<release_id>\d+)$"), "release"),
        (re.compile(r"^/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/(?P<resource>[a-z]+)$"), "repo_listing"),
        (re.compile(r"^/repositories/(?P<repo_id>\d+)/issues/(?P<number>\d+)$"), "issue_by_repo_id"),
        (re.compile(r"^/repositories/(?P<repo_id>\d+)(?:/(?P<resource>[a-z]+))?$"), "repo_by_id"),
    ]
    REPO_PATH = re.compile(r"^/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)(?P<rest>/.*)?$")

    def _route(self, method: str, path: str, query: dict, if_none_match: str) -> Answer:
        if method != "GET":
            return json_answer(404, {"message": "Not Found"})
        moved = self._moved(path, query)
        if moved is not None:
            return moved
        for pattern, name in self.ROUTES:
            match = pattern.match(path)
            if match:
                return getattr(self, f"_get_{name}")(path, query, if_none_match, **match.groupdict())
        return not_found()

    def _moved(self, path: str, query: dict) -> Answer | None:
        """A 301 for a repository renamed or transferred: GitHub sends every URL under its old name to
        ``/repositories/{id}`` with the rest of the path and the query kept; 410 for a blocked one."""
        match = self.REPO_PATH.match(path)
        if match is None:
            return None
        owner, name, rest = match["owner"], match["name"], match["rest"] or ""
        repo = self.dataset.repo(owner, name)
        if repo is not None:
            if repo.blocked:
                return json_answer(
                    410,
                    {
                        "message": "Repository access blocked",
                        "block": {"reason": "dmca", "created_at": "2026-01-01T00:00:00Z"},
                    },
                )
            return None
        repo_id = self.dataset.redirects.get((owner, name))
        if repo_id is None:
            return None
        location = f"{self.url}/repositories/{repo_id}{rest}" + (f"?{urlencode(query)}" if query else "")
        body = {"message": "Moved Permanently", "url": location, "documentation_url": "https://docs.github.com/rest"}
        return json_answer(301, body, {"Location": location})

    def _get_issue(self, path, query, if_none_match, owner, name, number):
        repo = self.dataset.repo(owner, name)
        if repo is None or repo.gone:
            return not_found()
        return self._issue(repo, int(number), if_none_match)

    def _get_issue_by_repo_id(self, path, query, if_none_match, repo_id, number):
        repo = self.dataset.repo_by_id(int(repo_id))
        if repo is None or not repo.listed:
            return not_found()
        return self._issue(repo, int(number), if_none_match)

    def _issue(self, repo: FakeRepo, number: int, if_none_match: str) -> Answer:
        item = next((item for item in repo.issues if item.number == number), None)
        if item is not None:
            return self._single(item.render(self.dataset, repo), if_none_match)
        if number in repo.deleted_issues:
            return json_answer(
                410, {"message": "This issue was deleted", "documentation_url": "https://docs.github.com/rest"}
            )
        if number in repo.transferred_issues:
            target_id, target_number = repo.transferred_issues[number]
            location = f"{self.url}/repositories/{target_id}/issues/{target_number}"
            return json_answer(301, {"message": "Moved Permanently", "url": location}, {"Location": location})
        return not_found()

    def _get_release(self, path, query, if_none_match, owner, name, release_id):
        repo = self.dataset.repo(owner, name)
        if repo is None or repo.gone:
            return not_found()
        release = next((release for release in repo.releases if release.id == int(release_id)), None)
        return not_found() if release is None else self._single(release.render(self.dataset, repo), if_none_match)

    SEARCH_CAP = 1_000  # GitHub serves the first 1,000 results of a search, however many match

    def _get_search_issues(self, path, query, if_none_match):
        """``/search/issues?q=org:A org:B repo:o/r updated:>=T``: issues and pull requests of those owners and
        repositories updated since T, with GitHub's shape (total_count, incomplete_results, items), its own
        rate limit (30 a minute, ``X-RateLimit-Resource: search``) and its 1,000-result cap."""
        with self._lock:
            if time.time() >= self.search_window_start + 60:
                self.search_window_start, self.search_used = time.time(), 0
            reset = int(self.search_window_start + 60) + 1
            exhausted = self.search_used >= self.search_rate_limit
            if not exhausted:
                self.search_used += 1
            headers = {
                "X-RateLimit-Limit": str(self.search_rate_limit),
                "X-RateLimit-Remaining": str(max(self.search_rate_limit - self.search_used, 0)),
                "X-RateLimit-Reset": str(reset),
                "X-RateLimit-Used": str(self.search_used),
                "X-RateLimit-Resource": "search",
            }
        if exhausted:
            message = f"API rate limit exceeded for search. {SYNTHETIC}"
            return json_answer(403, {"message": message}, {**headers, "X-RateLimit-Remaining": "0"})
        owners, repos, since, kinds = set(), set(), None, set()
        for token in query.get("q", "").split():
            qualifier, _, value = token.partition(":")
            if qualifier in ("org", "user"):
                owners.add(value.lower())
            elif qualifier == "repo":
                repos.add(value.lower())
            elif qualifier == "updated" and value.startswith(">="):
                since = parse_iso(value[2:])
            elif qualifier == "is" and value in ("issue", "pr"):
                kinds.add(value)
            else:
                return json_answer(422, {"message": f"Validation Failed: unsupported qualifier {token!r}"}, headers)
        matches = [
            (item, repo)
            for repo in self.dataset.all_repos()
            if repo.listed and (repo.owner.lower() in owners or repo.full_name.lower() in repos)
            for item in repo.issues
            if (since is None or item.updated >= since) and (not kinds or ("pr" if item.is_pull else "issue") in kinds)
        ]
        reverse = query.get("order", "desc") == "desc"
        matches.sort(key=lambda match: (match[0].updated, match[0].id), reverse=reverse)
        per_page = clamp(query.get("per_page"), default=30, low=1, high=100)
        page = clamp(query.get("page"), default=1, low=1, high=10**9)
        if (page - 1) * per_page >= self.SEARCH_CAP:
            return json_answer(422, {"message": "Only the first 1000 search results are available"}, headers)
        reachable = min(len(matches), self.SEARCH_CAP)
        chunk = matches[(page - 1) * per_page : page * per_page]
        link = self._link(path, query, page, max(1, math.ceil(reachable / per_page)))
        body = {
            "total_count": len(matches),
            "incomplete_results": False,
            "items": [{**item.render(self.dataset, repo), "score": 1.0} for item, repo in chunk],
        }
        answer = json_answer(200, body, {**JSON_HEADERS, **headers})
        if link:
            answer.headers["Link"] = link
        return answer

    def _get_rate_limit(self, path, query, if_none_match):
        core = {"limit": self.rate_limit, "remaining": max(self.rate_limit - self.rate_used, 0)}
        core["reset"] = int(self.rate_window_start + 3600)
        core["used"] = self.rate_used
        return json_answer(200, {"resources": {"core": core}, "rate": core})

    def _get_user(self, path, query, if_none_match, login):
        user = self.dataset.user_by_login(login)
        return not_found() if user is None else self._single(user.profile(), if_none_match)

    def _get_org(self, path, query, if_none_match, org):
        found = self.dataset.organizations.get(org)
        if found is None:
            return not_found()
        return self._single(found.render(self.dataset), if_none_match)

    def _get_org_repos(self, path, query, if_none_match, org):
        found = self.dataset.organizations.get(org)
        if found is None:
            return not_found()
        repos = [repo for repo in found.repos.values() if repo.listed]
        sort = query.get("sort", "created")
        direction = query.get("direction", "asc" if sort == "full_name" else "desc")
        keys = {
            "full_name": lambda r: r.full_name.lower(),
            "updated": lambda r: r.updated,
            "pushed": lambda r: r.pushed or 0,
        }
        repos.sort(key=keys.get(sort, lambda r: r.created), reverse=direction == "desc")
        return self._listing(path, query, if_none_match, repos, lambda repo: repo.render(self.dataset), by_body=True)

    def _get_repo(self, path, query, if_none_match, owner, name):
        repo = self.dataset.repo(owner, name)
        if repo is None or repo.gone:
            return not_found()
        return self._single(repo.render(self.dataset), if_none_match)

    def _get_repo_by_id(self, path, query, if_none_match, repo_id, resource=None):
        repo = self.dataset.repo_by_id(int(repo_id))
        if repo is None or repo.gone:
            return not_found()
        if resource is None:
            return self._single(repo.render(self.dataset), if_none_match)
        return self._repo_resource(repo, resource, path, query, if_none_match)

    def _get_repo_listing(self, path, query, if_none_match, owner, name, resource):
        repo = self.dataset.repo(owner, name)
        if repo is None or repo.gone:
            return not_found()
        return self._repo_resource(repo, resource, path, query, if_none_match)

    def _repo_resource(self, repo: FakeRepo, resource: str, path: str, query: dict, if_none_match: str) -> Answer:
        def render(item):
            return item.render(self.dataset, repo)

        if resource == "issues":
            return self._listing(path, query, if_none_match, self._issues(repo, query), render)
        if resource == "releases":
            releases = sorted(repo.releases, key=lambda r: (r.created, r.id), reverse=True)
            return self._listing(path, query, if_none_match, releases, render, by_body=True)
        if resource == "labels":
            return self._listing(path, query, if_none_match, list(repo.labels.values()), render, by_body=True)
        if resource == "contributors":
            if repo.empty:
                return Answer(204)
            return self._listing(path, query, if_none_match, repo.contributors, render, by_body=True)
        if resource == "commits":
            if repo.empty:
                return json_answer(409, {"message": "Git Repository is empty."})
            return self._listing(path, query, if_none_match, self._commits(repo, query), render)
        if resource == "languages":
            return self._single(repo.languages, if_none_match)
        if resource == "topics":
            return self._single({"names": repo.render(self.dataset).get("topics", [])}, if_none_match)
        return not_found()

    # -- repository contents (repositories with a ``files`` folder) ------------------------------------------
    def _files_repo(self, owner: str, name: str) -> FakeRepo | Answer:
        repo = self.dataset.repo(owner, name)
        if repo is None or repo.gone:
            return not_found()
        if repo.files is None or repo.empty:
            return json_answer(409, {"message": "Git Repository is empty."})
        return repo

    def _get_contents(self, path, query, if_none_match, owner, name, file_path=None):
        repo = self._files_repo(owner, name)
        if isinstance(repo, Answer):
            return repo
        listing = contents_listing(repo, file_path or "")
        return not_found() if listing is None else self._single(listing, if_none_match)

    def _get_tree(self, path, query, if_none_match, owner, name, ref):
        repo = self._files_repo(owner, name)
        if isinstance(repo, Answer):
            return repo
        return self._single(git_tree(repo, recursive=query.get("recursive") not in (None, "", "0")), if_none_match)

    def _get_blob(self, path, query, if_none_match, owner, name, sha):
        repo = self._files_repo(owner, name)
        if isinstance(repo, Answer):
            return repo
        blob = git_blob(repo, sha)
        return not_found() if blob is None else self._single(blob, if_none_match)

    @staticmethod
    def _issues(repo: FakeRepo, query: dict) -> list:
        state = query.get("state", "open")
        since = parse_iso(query.get("since"))
        items = [
            item
            for item in repo.issues
            if (state == "all" or item.state == state) and (since is None or item.updated >= since)
        ]
        sort = query.get("sort", "created")
        key = (lambda item: (item.updated, item.id)) if sort == "updated" else (lambda item: (item.created, item.id))
        items.sort(key=key, reverse=query.get("direction", "desc") == "desc")
        return items

    @staticmethod
    def _commits(repo: FakeRepo, query: dict) -> list:
        since, until = parse_iso(query.get("since")), parse_iso(query.get("until"))
        items = [
            commit
            for commit in repo.commits
            if (since is None or commit.created >= since) and (until is None or commit.created <= until)
        ]
        items.sort(key=lambda commit: (commit.created, commit.sha), reverse=True)
        return items

    def _single(self, data, if_none_match: str) -> Answer:
        body = json.dumps(data).encode()
        etag = f'W/"{hashlib.sha256(body).hexdigest()}"'
        if if_none_match and etag_matches(if_none_match, etag):
            return Answer(304, b"", {"ETag": etag})
        return Answer(200, body, {**JSON_HEADERS, "ETag": etag})

    def _listing(self, path, query, if_none_match, items, render, *, by_body: bool = False) -> Answer:
        """One page of ``items``: Link header, and an ETag that changes when any item on the page does.

        ``by_body``: hash the rendered page (small listings); else hash ids and revisions, so a 304 for an
        unchanged page of a 200,000-issue listing costs no rendering.
        """
        per_page = clamp(query.get("per_page"), default=min(30, self.per_page_max), low=1, high=self.per_page_max)
        page = clamp(query.get("page"), default=1, low=1, high=10**9)
        last = max(1, math.ceil(len(items) / per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        link = self._link(path, query, page, last)
        rendered = None
        if by_body:
            rendered = json.dumps([render(item) for item in chunk]).encode()
            digest = hashlib.sha256(rendered + link.encode()).hexdigest()
        else:
            key = repr([(item.id, item.rev) for item in chunk]) + link + repr(sorted(query.items()))
            digest = hashlib.sha256(key.encode()).hexdigest()
        etag = f'W/"{digest}"'
        if if_none_match and etag_matches(if_none_match, etag):
            return Answer(304, b"", {"ETag": etag})
        if rendered is None:
            rendered = json.dumps([render(item) for item in chunk]).encode()
        headers = {**JSON_HEADERS, "ETag": etag}
        if link:
            headers["Link"] = link
        return Answer(200, rendered, headers)

    def _link(self, path: str, query: dict, page: int, last: int) -> str:
        def url(number: int) -> str:
            return f"{self.url}{path}?{urlencode({**query, 'page': number})}"

        links = []
        if page > 1:
            links.append(f'<{url(page - 1)}>; rel="prev"')
        if page < last:
            links.append(f'<{url(page + 1)}>; rel="next"')
            links.append(f'<{url(last)}>; rel="last"')
        if page > 1:
            links.append(f'<{url(1)}>; rel="first"')
        return ", ".join(links)


JSON_HEADERS = {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "private, max-age=60, s-maxage=60",
    "X-GitHub-Media-Type": "github.v3; format=json",
}


def not_found() -> Answer:
    return json_answer(
        404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"}
    )


def clamp(value, *, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)


def etag_matches(if_none_match: str, etag: str) -> bool:
    def bare(tag: str) -> str:
        tag = tag.strip()
        return tag[2:] if tag.startswith("W/") else tag

    wanted = bare(etag)
    return any(bare(candidate) == wanted or candidate.strip() == "*" for candidate in if_none_match.split(","))


class FakeGitHubHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeGitHub/1.0"
    github: FakeGitHub

    def setup(self):
        super().setup()
        # Headers and body go out in two writes: without this, Nagle and delayed ACKs add 40 ms per request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def do_DELETE(self):
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            answer = self.github.answer(method, self.path, self.headers, body)
        except Exception:  # a fake must answer; a bug here shows as a 500 the client retries
            logger.exception("fake GitHub failed on %s %s", method, self.path)
            answer = json_answer(500, {"message": "fake GitHub error"})
        if answer.delay:
            time.sleep(answer.delay)
        try:
            self.send_response(answer.status)
            headers = {"Date": formatdate(usegmt=True)}
            for name, value in answer.headers.items():
                if name.lower() in ("content-length", "status", "transfer-encoding", "content-encoding"):
                    continue  # recorded wire details that no longer describe this body
                headers["Date" if name.lower() == "date" else name] = value
            headers["Content-Length"] = str(len(answer.body))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if answer.body:
                self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (a timeout fault)

    def log_message(self, format, *args):
        return

"""A small GitHub REST client: base URL and token from settings, Link pagination, conditional requests,
rate-limit pauses and retries.

- Conditional requests: ``get(url, etag=...)`` sends ``If-None-Match``; a 304 comes back as a response with
  ``not_modified`` set and no data. ``paginate`` keeps each page's ETag and next URL (``PageState``) so an
  unchanged listing costs one 304 per page and no body.
- Primary rate limit: when ``X-RateLimit-Remaining`` reaches 0, or GitHub answers 403/429 with it at 0, the
  client sleeps until ``X-RateLimit-Reset`` and carries on. Secondary limit: 403/429 with ``Retry-After``
  (or a "secondary rate limit" message) sleeps that long (at least a minute, doubling, when no header says).
  A pause longer than ``max_wait`` raises ``RateLimitExceeded`` instead, so a caller can stop and resume later.
- 5xx answers, timeouts and dropped connections are retried with exponential backoff, then raise
  ``GitHubUnavailable``. 404 raises ``NotFound``, 410 ``Gone``; a body that is not valid JSON raises
  ``MalformedResponse``. Redirects (301 for a renamed or transferred repository) are followed.

- Authentication (``apps.github.auth``): a personal token, or a GitHub App's installation token, minted and
  refreshed before it expires; rate limits are kept per token.

``sleep`` and ``clock`` are injectable so tests never really wait.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from django.conf import settings

from apps.github.auth import AppAuth, AuthenticationFailed, TokenAuth, token_key
from apps.github.auth import from_settings as auth_from_settings

logger = logging.getLogger(__name__)

API_VERSION = "2022-11-28"
USER_AGENT = "OWASP-Nest-sync"


class GitHubError(Exception):
    """Base of every error the client raises."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None):
        super().__init__(message)
        self.url = url
        self.status = status


class GitHubUnavailable(GitHubError):  # noqa: N818 - named for the situation the caller handles, not for being an error
    """GitHub could not be reached, or kept answering 5xx or timing out after every retry."""


class NotFound(GitHubError):  # noqa: N818 - named for the situation the caller handles, not for being an error
    """404: the resource does not exist (any more) or is not visible to this token."""


class MalformedResponse(GitHubError):  # noqa: N818 - named for the situation the caller handles, not for being an error
    """The body is not the JSON expected (truncated, HTML, wrong shape)."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None, next_url: str | None = None):
        super().__init__(message, url=url, status=status)
        self.next_url = next_url


class RateLimitExceeded(GitHubError):  # noqa: N818 - named for the situation the caller handles, not for being an error
    """The rate limit asks for a pause longer than the client may wait; ``resume_at`` says when to retry."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None, resume_at: float = 0.0):
        super().__init__(message, url=url, status=status)
        self.resume_at = resume_at


class RequestFailed(GitHubError):  # noqa: N818 - named for the situation the caller handles, not for being an error
    """Any other 4xx (401 bad credentials, 403 forbidden, 409 empty repository, 410 issues disabled ...)."""


class Gone(RequestFailed):
    """410: the resource was removed (a deleted issue, a repository whose access GitHub blocked). A
    ``RequestFailed`` too, because a 410 under a repository that exists (its issues listing when issues are
    disabled) is an ordinary refusal: only the caller knows which it is."""


@dataclass
class Response:
    url: str
    status: int
    headers: httpx.Headers
    data: Any = None
    next_url: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str:
        return self.headers.get("ETag", "")


@dataclass
class PageState:
    """What is remembered of one page of a listing, to ask for it conditionally next time."""

    url: str
    etag: str = ""
    next_url: str | None = None

    def as_dict(self) -> dict:
        return {"url": self.url, "etag": self.etag, "next": self.next_url}

    @classmethod
    def from_dict(cls, data: dict) -> PageState:
        return cls(url=data["url"], etag=data.get("etag") or "", next_url=data.get("next"))


@dataclass
class Page:
    """One page of a listing: its items, or ``None`` when GitHub answered 304 (unchanged since last time)."""

    state: PageState
    items: list | None

    @property
    def not_modified(self) -> bool:
        return self.items is None


@dataclass
class ClientStats:
    """Requests made (each attempt counts, retries included), by status; time slept for rate limits."""

    statuses: Counter = field(default_factory=Counter)
    retries: int = 0
    rate_limit_waits: int = 0
    waited_seconds: float = 0.0

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def not_modified(self) -> int:
        return self.statuses.get("304", 0)

    def as_dict(self) -> dict:
        return {
            "requests": self.requests,
            "statuses": dict(sorted(self.statuses.items())),
            "retries": self.retries,
            "rate_limit_waits": self.rate_limit_waits,
            "waited_seconds": round(self.waited_seconds, 3),
        }


RETRYABLE_STATUSES = {500, 502, 503, 504}
TRANSPORT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


class GitHubClient:
    """Synchronous REST client; one per sync run (it holds a connection pool and the rate-limit state)."""

    def __init__(
        self,
        base_url: str | None = None,
        token: str | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        backoff: float = 1.0,
        max_wait: float | None = None,
        max_rate_limit_waits: int = 10,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        transport: httpx.BaseTransport | None = None,
        auth: TokenAuth | AppAuth | None = None,
    ):
        """``token``: a personal access token (default: settings); ``auth``: another way to authenticate (a
        GitHub App installation, ``apps.github.auth.AppAuth``). With neither, the settings choose."""
        self.base_url = (base_url if base_url is not None else settings.GITHUB_API_URL).rstrip("/")
        if auth is None:
            auth = TokenAuth(token) if token is not None else auth_from_settings(clock)
        self.auth = auth
        self.max_retries = settings.GITHUB_MAX_RETRIES if max_retries is None else max_retries
        self.backoff = backoff
        self.max_wait = settings.GITHUB_MAX_RATE_LIMIT_WAIT if max_wait is None else max_wait
        self.max_rate_limit_waits = max_rate_limit_waits
        self.sleep = sleep
        self.clock = clock
        self.stats = ClientStats()
        # Per token, then per rate-limit resource ("core", "search", ...: GitHub's X-RateLimit-Resource), as
        # the last answer said: an exhausted search budget (30 a minute) must not hold back core requests, nor
        # one token's budget a fresh installation token's.
        self._budgets: dict[str, tuple[dict[str, int], dict[str, float]]] = {}
        self._budget_key = "anonymous"
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": USER_AGENT,
        }
        self._http = httpx.Client(
            headers=headers,
            timeout=settings.GITHUB_REQUEST_TIMEOUT if timeout is None else timeout,
            follow_redirects=True,  # renamed and transferred repositories answer 301
            transport=transport,
        )

    @property
    def rate_remaining(self) -> dict[str, int]:
        """Requests left per resource for the current token, as GitHub last said."""
        return self._budgets.setdefault(self._budget_key, ({}, {}))[0]

    @property
    def rate_reset(self) -> dict[str, float]:
        return self._budgets.setdefault(self._budget_key, ({}, {}))[1]

    def _authorization(self, url: str) -> str:
        try:
            authorization = self.auth.authorization(self._http, self.base_url)
        except AuthenticationFailed as exc:
            raise RequestFailed(str(exc), url=url, status=401) from exc
        self._budget_key = token_key(authorization)
        return authorization

    # -- lifecycle -------------------------------------------------------------------------------------------
    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> GitHubClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- URLs ------------------------------------------------------------------------------------------------
    def url(self, path: str, params: dict | None = None) -> str:
        """An absolute URL for an API path; params keep their given order so the URL is stable run to run."""
        url = path if path.startswith(("http://", "https://")) else f"{self.base_url}/{path.lstrip('/')}"
        if params:
            query = urlencode({key: value for key, value in params.items() if value is not None})
            url = f"{url}{'&' if '?' in url else '?'}{query}"
        return url

    # -- requests --------------------------------------------------------------------------------------------
    def get(self, path: str, params: dict | None = None, *, etag: str = "") -> Response:
        """GET one resource; 304 when ``etag`` still matches. Raises a GitHubError subclass on failure."""
        url = self.url(path, params)
        attempt = 0
        rate_limit_waits = 0
        renewed = False
        while True:
            headers = {"If-None-Match": etag} if etag else {}
            authorization = self._authorization(url)
            if authorization:
                headers["Authorization"] = authorization
            self._respect_exhausted_limit(url)
            try:
                raw = self._http.get(url, headers=headers)
            except TRANSPORT_ERRORS as exc:
                kind = "timeout" if isinstance(exc, httpx.TimeoutException) else "network-error"
                self.stats.statuses[kind] += 1
                attempt = self._backoff_or_raise(url, attempt, f"{kind}: {exc.__class__.__name__} {exc}".strip())
                continue
            self.stats.statuses[str(raw.status_code)] += 1
            self._record_rate_limit(raw.headers, url)
            if raw.status_code == 401 and not renewed and self.auth.invalidate():
                renewed = True  # an installation token revoked or expired early: mint a new one, once
                continue

            if raw.status_code in (403, 429):
                pause = self._rate_limit_pause(raw, rate_limit_waits)
                if pause is not None:
                    rate_limit_waits += 1
                    if rate_limit_waits > self.max_rate_limit_waits:
                        raise RateLimitExceeded(
                            f"still rate limited after {self.max_rate_limit_waits} pauses",
                            url=url,
                            status=raw.status_code,
                            resume_at=self.clock() + pause,
                        )
                    self._wait(pause, url=url, status=raw.status_code)
                    continue
            if raw.status_code in RETRYABLE_STATUSES:
                attempt = self._backoff_or_raise(url, attempt, f"HTTP {raw.status_code}", status=raw.status_code)
                continue
            if raw.status_code == 304 and not etag:
                raise MalformedResponse("304 Not Modified to a request that sent no If-None-Match", url=url, status=304)
            return self._response(url, raw)

    def paginate(self, path: str, params: dict | None = None, *, known: list[dict] | None = None) -> Iterator[Page]:
        """Walk a listing through its Link headers, conditionally where a page's ETag is ``known``.

        ``known`` is the list of ``PageState.as_dict()`` saved from the last walk. A page answered 304 has
        no Link header worth trusting, so its saved next URL is followed instead.
        """
        saved = {page["url"]: PageState.from_dict(page) for page in known or []}
        url: str | None = self.url(path, params)
        seen: set[str] = set()
        while url and url not in seen:
            seen.add(url)
            previous = saved.get(url)
            response = self.get(url, etag=previous.etag if previous else "")
            if response.not_modified:
                yield Page(state=PageState(url=url, etag=previous.etag, next_url=previous.next_url), items=None)
                url = previous.next_url
                continue
            items = response.data if response.data is not None else []
            if not isinstance(items, list):
                raise MalformedResponse(
                    f"expected a JSON array, got {type(items).__name__}", url=url, next_url=response.next_url
                )
            yield Page(state=PageState(url=url, etag=response.etag, next_url=response.next_url), items=items)
            url = response.next_url

    # -- internals -------------------------------------------------------------------------------------------
    def _response(self, url: str, raw: httpx.Response) -> Response:
        next_url = raw.links.get("next", {}).get("url")
        status = raw.status_code
        if status == 304:
            return Response(url=url, status=status, headers=raw.headers, next_url=next_url)
        if status == 404:
            raise NotFound(f"{status} {self._message(raw)}", url=url, status=status)
        if status == 410:
            raise Gone(f"{status} {self._message(raw)}", url=url, status=status)
        if status >= 400:
            raise RequestFailed(f"{status} {self._message(raw)}", url=url, status=status)
        if status == 204 or not raw.content:
            return Response(url=url, status=status, headers=raw.headers, next_url=next_url)
        try:
            data = json.loads(raw.content)
        except ValueError as exc:
            raise MalformedResponse(
                f"invalid JSON ({exc}) in a {len(raw.content)}-byte body", url=url, status=status, next_url=next_url
            ) from exc
        return Response(url=url, status=status, headers=raw.headers, data=data, next_url=next_url)

    @staticmethod
    def _message(raw: httpx.Response) -> str:
        try:
            return str(raw.json().get("message", ""))[:300]
        except (ValueError, AttributeError):
            return raw.text[:300]

    @staticmethod
    def resource_of(url: str) -> str:
        """The rate-limit resource a request draws on, as GitHub counts them: search has its own budget."""
        path = urlsplit(url).path
        return "search" if path.startswith("/search/") else "core"

    def _record_rate_limit(self, headers: httpx.Headers, url: str) -> None:
        resource = headers.get("X-RateLimit-Resource", "").strip() or self.resource_of(url)
        remaining, reset = headers.get("X-RateLimit-Remaining"), headers.get("X-RateLimit-Reset")
        if remaining is not None and remaining.strip().isdigit():
            self.rate_remaining[resource] = int(remaining)
        if reset is not None and reset.strip().isdigit():
            self.rate_reset[resource] = float(reset)

    def _respect_exhausted_limit(self, url: str) -> None:
        """The last response from this request's resource said none are left: wait for its window to reset."""
        resource = self.resource_of(url)
        if self.rate_remaining.get(resource) == 0 and resource in self.rate_reset:
            pause = self.rate_reset[resource] - self.clock() + 1
            self.rate_remaining.pop(resource)  # the next response tells the new budget
            if pause > 0:
                self._wait(pause, url=url, status=None)

    def _rate_limit_pause(self, raw: httpx.Response, waits_so_far: int) -> float | None:
        """Seconds to pause for a 403/429 that is a rate limit, or None when it is an ordinary refusal."""
        retry_after = raw.headers.get("Retry-After", "").strip()
        if retry_after.isdigit():
            return float(retry_after)
        if raw.headers.get("X-RateLimit-Remaining", "").strip() == "0":
            reset = raw.headers.get("X-RateLimit-Reset", "").strip()
            if reset.isdigit():
                self.rate_remaining.pop(self.resource_of(raw.request.url.path), None)  # waiting honours the reset
                return max(float(reset) - self.clock() + 1, 1.0)
            return 60.0
        if "rate limit" in self._message(raw).lower() or raw.status_code == 429:
            # Secondary limit without a Retry-After: wait at least a minute, doubling each time.
            return 60.0 * 2**waits_so_far
        return None

    def _wait(self, seconds: float, *, url: str, status: int | None) -> None:
        if seconds > self.max_wait:
            raise RateLimitExceeded(
                f"rate limited: GitHub asks for a {seconds:.0f} s pause, more than the {self.max_wait:.0f} s allowed",
                url=url,
                status=status,
                resume_at=self.clock() + seconds,
            )
        logger.warning("GitHub rate limit: pausing %.1f s before %s", seconds, url)
        self.stats.rate_limit_waits += 1
        self.stats.waited_seconds += seconds
        self.sleep(seconds)

    def _backoff_or_raise(self, url: str, attempt: int, reason: str, *, status: int | None = None) -> int:
        if attempt >= self.max_retries:
            raise GitHubUnavailable(f"{reason} after {attempt + 1} attempts", url=url, status=status)
        delay = self.backoff * 2**attempt
        logger.warning("GitHub %s for %s; retry %d in %.1f s", reason, url, attempt + 1, delay)
        self.stats.retries += 1
        self.sleep(delay)
        return attempt + 1

"""The organization-wide change feed: every issue and pull request updated since the last run, from GitHub's
search API (``/search/issues?q=org:OWASP updated:>=T``, 100 a page), so an hourly run is complete.

A repository's listing entry does not move when one of its issues is edited, relabelled or commented on, so
the listing alone misses those. The feed names exactly the items changed since the organization's watermark
(``Organization.changes_since``); an hourly run writes them straight from the feed (search items have the
issues listing's shape, labels, assignees and ``pull_request.merged_at`` included), with no request per
repository. The repositories the listing says changed are synced in full as before, and their feed items
are left alone (what the run just read is as new).

- The search API has its own rate limit (30 requests a minute, ``X-RateLimit-Resource: search``); the client
  keeps a budget per resource, so waiting for it never holds back the rest.
- Search serves the first 1,000 results only. A feed with more (or one GitHub says is incomplete, or one that
  fails) is not trusted: the run falls back to each repository's own ``since`` listing.
- Without a watermark (a first run, or one stored before the feed existed) there is nothing to ask search
  since: the run reads each repository's own listing, as for an unusable feed, and its end stores the
  watermark.
- The search index lags behind writes by seconds to minutes, so each query starts ``OVERLAP`` before the
  watermark; items read twice are written twice, to the same effect. The watermark only moves at the end of
  a run that read every change (feed or fallback), to that run's start.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction

from apps.core import changes
from apps.github.client import GitHubClient, GitHubError, RateLimitExceeded
from apps.github.models import Issue, PullRequest, Repository
from apps.github.sync import issues, labels, milestones, pulls
from apps.github.sync.common import PER_PAGE, Listing
from apps.github.sync.context import RepositoryContext
from apps.github.sync.report import SyncReport
from apps.github.sync.repositories import load_state

logger = logging.getLogger(__name__)

SEARCH_CAP = 1_000
OVERLAP = timedelta(minutes=10)
MAX_QUERY = 256  # GitHub refuses longer search queries


@dataclass
class Feed:
    since: datetime
    items: dict = field(default_factory=lambda: defaultdict(list))  # lower-case full name -> items, oldest first
    total: int = 0
    usable: bool = True  # false: capped, incomplete or failed; the run reads each repository's listing instead
    reason: str = ""
    requests: int = 0

    def as_dict(self) -> dict:
        return {
            "since": self.since.isoformat(),
            "items": self.total,
            "repositories": len(self.items),
            "usable": self.usable,
            "reason": self.reason,
            "requests": self.requests,
        }


def queries(logins: list[str], repositories: list[str], since: datetime) -> list[str]:
    """Search queries covering these organizations and single repositories, each within GitHub's length limit
    (qualifiers of one kind are OR-ed: ``org:A org:B repo:c/d updated:>=T``)."""
    window = f"updated:>={since:%Y-%m-%dT%H:%M:%SZ}"
    terms = [f"org:{login}" for login in logins] + [f"repo:{name}" for name in repositories]
    result, current = [], []
    for term in terms:
        if current and len(" ".join([*current, term, window])) > MAX_QUERY:
            result.append(" ".join([*current, window]))
            current = []
        current.append(term)
    if current:
        result.append(" ".join([*current, window]))
    return result


def read_feed(client: GitHubClient, logins: list[str], since: datetime, repositories: list[str] = ()) -> Feed:
    """Every item updated since ``since - OVERLAP`` in those organizations and repositories, by repository.
    ``RateLimitExceeded`` propagates (the run stops; the watermark stays, so the next run asks again)."""
    feed = Feed(since=since)
    for query in queries(logins, list(repositories), since - OVERLAP):
        params = {"q": query, "sort": "updated", "order": "asc", "per_page": PER_PAGE}
        url: str | None = client.url("/search/issues", params)
        first = True
        try:
            while url:
                response = client.get(url)
                feed.requests += 1
                data = response.data if isinstance(response.data, dict) else {}
                if first:
                    total = data.get("total_count")
                    if not isinstance(total, int) or total > SEARCH_CAP:
                        return _unusable(feed, f"{total} changed items, more than search serves ({SEARCH_CAP})")
                    feed.total += total
                    first = False
                if data.get("incomplete_results"):
                    return _unusable(feed, "GitHub's search answered with incomplete results")
                for item in data.get("items") or []:
                    name = _repository_name(item)
                    if name:
                        feed.items[name].append(item)
                url = response.next_url
        except RateLimitExceeded:
            raise
        except GitHubError as exc:
            return _unusable(feed, f"search failed: {exc}")
    return feed


def without_watermark(now: datetime) -> Feed:
    """The feed of a run with no watermark to ask search since: unusable, so the run falls back to each
    repository's own listing (never a silent skip of the edits the organization listing does not show)."""
    return _unusable(Feed(since=now), "no watermark yet: each repository's own listing is read instead")


def _unusable(feed: Feed, reason: str) -> Feed:
    feed.usable, feed.reason = False, reason
    feed.items.clear()
    logger.info("GitHub change feed not used: %s", reason)
    return feed


def _repository_name(item) -> str:
    """``owner/name`` (lower case) from a search item's ``repository_url`` (…/repos/{owner}/{name})."""
    if not isinstance(item, dict):
        return ""
    parts = str(item.get("repository_url") or "").rstrip("/").split("/")
    return f"{parts[-2]}/{parts[-1]}".lower() if len(parts) >= 2 and parts[-3:-2] == ["repos"] else ""


def apply(repository: Repository, items: list[dict], report: SyncReport) -> int:
    """Write one repository's feed items (issues and pull requests with their labels, assignees, milestones
    and users) in one transaction; the repository's own ``since`` cursor does not move (search lags, so its
    next listing still starts where it last stood). The number of items written."""
    state = load_state(repository.id)
    ctx = RepositoryContext(repository=repository, state=state, report=report)
    parsed = issues.parse(ctx, Listing(items=items))
    with transaction.atomic():
        report.add("users", ctx.users.save())
        labels.save(ctx, None)
        milestones.save(ctx)
        report.add(issues.RESOURCE, issues.save_items(Issue, parsed.issues, issues.COMMON_FIELDS))
        report.add(
            pulls.RESOURCE,
            issues.save_items(PullRequest, parsed.pulls, issues.COMMON_FIELDS + pulls.EXTRA_FIELDS),
        )
        pulls.link_related_issues(
            repository.pk, [pull.id for pull, _, _ in parsed.pulls], [issue.number for issue, _, _ in parsed.issues]
        )
        changes.record("issue", [issue.pk for issue, _, _ in parsed.issues], sender=Issue)
        changes.record("pull_request", [pull.pk for pull, _, _ in parsed.pulls], sender=PullRequest)
    return len(parsed.issues) + len(parsed.pulls)

"""What a sync run did: repositories by outcome, rows written per resource, what was skipped and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone


class RepositoryOutcome:
    SYNCED = "synced"  # sub-resources read (some may have answered 304)
    UNCHANGED = "unchanged"  # its listing entry had not changed: nothing requested
    GONE = "gone"  # GitHub answered 404
    PARTIAL = "partial"  # written, but a resource failed; the next run retries it
    FAILED = "failed"  # nothing written for it this run


@dataclass
class SyncReport:
    organization: str
    mode: str = "incremental"
    started_at: object = field(default_factory=timezone.now)
    finished_at: object = None
    repositories: Counter = field(default_factory=Counter)  # outcome -> count
    upserted: Counter = field(default_factory=Counter)  # resource -> rows inserted or updated
    deleted: Counter = field(default_factory=Counter)  # resource -> rows removed (gone upstream)
    skipped: list = field(default_factory=list)  # {"repository", "resource", "key", "reason"}
    errors: list = field(default_factory=list)  # {"repository", "resource", "error"}
    stopped: str = ""  # why the run ended early (the next run resumes)
    requests: dict = field(default_factory=dict)  # the client's statistics
    links: dict = field(default_factory=dict)  # repository-to-page links (see sync/projects.py)
    feed: dict = field(default_factory=dict)  # the change feed an incremental run read (see sync/feed.py)

    def count(self, outcome: str) -> None:
        self.repositories[outcome] += 1

    def add(self, resource: str, rows: int) -> None:
        if rows:
            self.upserted[resource] += rows

    def remove(self, resource: str, rows: int) -> None:
        if rows:
            self.deleted[resource] += rows

    def skip(self, repository: str, resource: str, key: object, reason: str) -> None:
        self.skipped.append({"repository": repository, "resource": resource, "key": str(key), "reason": reason})

    def error(self, repository: str, resource: str, error: object) -> None:
        self.errors.append({"repository": repository, "resource": resource, "error": str(error)})

    @property
    def ok(self) -> bool:
        return not self.stopped and not self.errors

    def finish(self, requests: dict | None = None) -> SyncReport:
        self.finished_at = timezone.now()
        if requests is not None:
            self.requests = requests
        return self

    @property
    def seconds(self) -> float:
        end = self.finished_at or timezone.now()
        return (end - self.started_at).total_seconds()

    def as_dict(self) -> dict:
        return {
            "organization": self.organization,
            "mode": self.mode,
            "ok": self.ok,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "seconds": round(self.seconds, 3),
            "repositories": dict(self.repositories),
            "upserted": dict(self.upserted),
            "deleted": dict(self.deleted),
            "skipped": self.skipped,
            "errors": self.errors,
            "stopped": self.stopped,
            "requests": self.requests,
            "links": self.links,
            "feed": self.feed,
        }

    def summary(self) -> str:
        repos = ", ".join(f"{count} {outcome}" for outcome, count in sorted(self.repositories.items())) or "none"
        rows = ", ".join(f"{count} {name}" for name, count in sorted(self.upserted.items())) or "none"
        lines = [
            f"GitHub sync of {self.organization} ({self.mode}) in {self.seconds:.1f} s",
            f"  repositories: {repos}",
            f"  rows written: {rows}",
        ]
        if self.deleted:
            lines.append("  rows removed: " + ", ".join(f"{c} {n}" for n, c in sorted(self.deleted.items())))
        if self.requests:
            statuses = ", ".join(f"{status}: {count}" for status, count in self.requests.get("statuses", {}).items())
            lines.append(f"  requests: {self.requests.get('requests', 0)} ({statuses or 'none'})")
            if self.requests.get("waited_seconds"):
                lines.append(f"  rate-limit pauses: {self.requests['waited_seconds']:.0f} s")
        if self.feed:
            used = (
                "used" if self.feed["usable"] else f"not used ({self.feed['reason']}): each repository's listing read"
            )
            lines.append(
                f"  change feed since {self.feed['since']}: {self.feed['items']} items in "
                f"{self.feed['repositories']} repositories, {used}"
            )
        if self.links:
            lines.append(
                f"  pages: {self.links['with_page']} www-* repositories linked to their page, "
                f"{self.links['with_project']} to a project ({self.links['changed']} changed)"
            )
        if self.skipped:
            lines.append(f"  skipped items: {len(self.skipped)} (first: {self.skipped[0]})")
        for error in self.errors[:10]:
            lines.append(f"  error: {error['repository']} {error['resource']}: {error['error']}")
        if len(self.errors) > 10:
            lines.append(f"  ... and {len(self.errors) - 10} more errors")
        if self.stopped:
            lines.append(f"  stopped early: {self.stopped}")
        return "\n".join(lines)

"""Pull requests: the items of the issues listing that carry a ``pull_request`` object (see issues.py).

``merged_at`` comes from that object (GitHub includes it in the issues listing), ``draft`` from the item;
the pulls endpoint is never asked, so a repository's pull requests cost no request beyond its issues."""

from __future__ import annotations

from apps.github.models import PullRequest
from apps.github.sync.common import parse_datetime

RESOURCE = "pull_requests"
EXTRA_FIELDS = ["is_draft", "merged_at"]

__all__ = ["EXTRA_FIELDS", "RESOURCE", "PullRequest", "pull_request_from"]


def pull_request_from(gh_item: dict, fields: dict) -> PullRequest:
    links = gh_item.get("pull_request") if isinstance(gh_item.get("pull_request"), dict) else {}
    return PullRequest(
        **fields,
        is_draft=bool(gh_item.get("draft", False)),
        merged_at=parse_datetime(links.get("merged_at")),
    )

"""Issues and pull requests, from one listing: ``/repos/{o}/{r}/issues?state=all&sort=updated&direction=asc``.

The issues endpoint returns pull requests too (items with a ``pull_request`` object, which carries
``merged_at``), so both come from one paginated listing that supports ``since``: an incremental run asks
only for what changed since the newest update it has read (``RepositorySyncState.issues_since``), and
pull requests cost no request of their own. Items with ``pull_request`` go to PullRequest (see pulls.py).

Sorting by update time, oldest first, lets a run keep what it read even when a later page fails: the
cursor moves to the newest update read, and the next run's ``since`` picks up the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from apps.github.client import GitHubClient
from apps.github.models import Issue, IssueState, RepositorySyncState
from apps.github.sync import labels, milestones, pulls
from apps.github.sync.common import (
    BATCH_SIZE,
    PER_PAGE,
    ItemError,
    Listing,
    bulk_upsert,
    count,
    parse_datetime,
    read_listing,
    required,
    text,
)
from apps.github.sync.context import RepositoryContext

RESOURCE = "issues"
COMMON_FIELDS = [
    "node_id",
    "repository",
    "number",
    "title",
    "body",
    "state",
    "state_reason",
    "comments_count",
    "is_locked",
    "created_at",
    "updated_at",
    "closed_at",
    "author",
    "assignee",
    "milestone",
    "gone_at",
]


COMPLETE = "issues_full"  # the page states of a complete walk (no ``since``)


def page_key(query: dict) -> str:
    # A complete walk and a `since` walk have different URLs; each keeps its own page ETags.
    return "issues" if "since" in query else COMPLETE


def params(state: RepositorySyncState, *, full: bool) -> dict:
    query = {"state": "all", "sort": "updated", "direction": "asc", "per_page": PER_PAGE}
    if not full and state.issues_since:
        query["since"] = state.issues_since.strftime("%Y-%m-%dT%H:%M:%SZ")
    return query


def fetch(client: GitHubClient, full_name: str, state: RepositorySyncState, *, full: bool) -> Listing:
    query = params(state, full=full)
    key = page_key(query)
    # A complete walk remembers each page's ids: what it no longer lists may be gone (see removals.py).
    id_key = "id" if key == COMPLETE else None
    listing = read_listing(client, f"/repos/{full_name}/issues", query, state.pages.get(key), id_key=id_key)
    listing.key = key
    return listing


@dataclass
class ParsedItems:
    """Issues and pull requests of one listing, with their label and assignee ids."""

    issues: list = field(default_factory=list)  # (Issue, label ids, assignee ids)
    pulls: list = field(default_factory=list)  # (PullRequest, label ids, assignee ids)
    newest_update: object = None
    listing: Listing | None = None


def common_fields(ctx: RepositoryContext, gh_item: dict) -> tuple[dict, list[int], list[int]]:
    """The fields issues and pull requests share, their label ids and assignee ids."""
    state = gh_item.get("state")
    if state not in IssueState.values:
        raise ItemError(f"unknown state {state!r}")
    created_at = parse_datetime(required(gh_item, "created_at", str))
    assignee_ids = [user_id for user_id in map(ctx.users.add, gh_item.get("assignees") or []) if user_id]
    primary = ctx.users.add(gh_item.get("assignee"))
    if primary and primary not in assignee_ids:
        assignee_ids.insert(0, primary)
    label_ids = [
        label_id for label_id in (labels.add_embedded(ctx, gh) for gh in gh_item.get("labels") or []) if label_id
    ]
    fields = {
        "id": required(gh_item, "id", int),
        "node_id": text(gh_item.get("node_id"), 64),
        "repository": ctx.repository,
        "number": required(gh_item, "number", int),
        "title": text(gh_item.get("title"), 1024),
        "body": text(gh_item.get("body")),
        "state": state,
        "state_reason": text(gh_item.get("state_reason"), 32),
        "comments_count": count(gh_item.get("comments")),
        "is_locked": bool(gh_item.get("locked", False)),
        "created_at": created_at,
        "updated_at": parse_datetime(gh_item.get("updated_at")) or created_at,
        "closed_at": parse_datetime(gh_item.get("closed_at")),
        "author_id": ctx.users.add(gh_item.get("user")),
        "assignee_id": primary or (assignee_ids[0] if assignee_ids else None),
        "milestone_id": milestones.add_embedded(ctx, gh_item.get("milestone")),
        "gone_at": None,  # listed, so present (again, for one transferred back)
    }
    return fields, label_ids, assignee_ids


def parse(ctx: RepositoryContext, listing: Listing | None) -> ParsedItems | None:
    if listing is None:
        return None
    parsed = ParsedItems(listing=listing)
    for gh_item in listing.items:
        try:
            fields, label_ids, assignee_ids = common_fields(ctx, gh_item)
            if "pull_request" in gh_item:
                parsed.pulls.append((pulls.pull_request_from(gh_item, fields), label_ids, assignee_ids))
            else:
                parsed.issues.append((Issue(**fields), label_ids, assignee_ids))
        except ItemError as exc:
            key = gh_item.get("number", "?") if isinstance(gh_item, dict) else "?"
            ctx.skip(RESOURCE, key, str(exc))
            continue
        if parsed.newest_update is None or fields["updated_at"] > parsed.newest_update:
            parsed.newest_update = fields["updated_at"]
    return parsed


def save(ctx: RepositoryContext, parsed: ParsedItems | None) -> None:
    """Write issues and pulls; move the ``since`` cursor; keep page ETags only for a complete walk."""
    if parsed is None:
        return
    ctx.report.add(RESOURCE, save_items(Issue, parsed.issues, COMMON_FIELDS))
    ctx.report.add(pulls.RESOURCE, save_items(pulls.PullRequest, parsed.pulls, COMMON_FIELDS + pulls.EXTRA_FIELDS))
    pulls.link_related_issues(
        ctx.repository.pk, [pull.id for pull, _, _ in parsed.pulls], [issue.number for issue, _, _ in parsed.issues]
    )
    if parsed.newest_update and (ctx.state.issues_since is None or parsed.newest_update > ctx.state.issues_since):
        ctx.state.issues_since = parsed.newest_update
    if parsed.listing.complete:
        ctx.state.pages[parsed.listing.key] = parsed.listing.pages


def save_items(model, rows: list, update_fields: list[str]) -> int:
    """Upsert issues (or pulls) and replace their label and assignee links."""
    if not rows:
        return 0
    written = bulk_upsert(model, (obj for obj, _, _ in rows), unique_fields=["id"], update_fields=update_fields)
    latest = {obj.id: (label_ids, assignee_ids) for obj, label_ids, assignee_ids in rows}
    ids = sorted(latest)
    for relation, position in (("labels", 0), ("assignees", 1)):
        m2m = model._meta.get_field(relation)
        through = m2m.remote_field.through
        own, other = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
        for start in range(0, len(ids), BATCH_SIZE * 5):
            through.objects.filter(**{f"{own}__in": ids[start : start + BATCH_SIZE * 5]}).delete()
        links = [
            through(**{own: item_id, other: target})
            for item_id in ids
            for target in dict.fromkeys(latest[item_id][position])
        ]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    return written

"""Milestones, from the milestone objects embedded in issues and pull requests (no request of their own)."""

from __future__ import annotations

from apps.github.models import Milestone
from apps.github.sync.common import ItemError, bulk_upsert, count, parse_datetime, required, text
from apps.github.sync.context import RepositoryContext

RESOURCE = "milestones"
UPDATE_FIELDS = [
    "node_id",
    "repository",
    "number",
    "title",
    "description",
    "state",
    "creator",
    "open_issues_count",
    "closed_issues_count",
    "due_on",
    "created_at",
    "updated_at",
    "closed_at",
]


def add_embedded(ctx: RepositoryContext, gh_milestone) -> int | None:
    if not isinstance(gh_milestone, dict):
        return None
    try:
        milestone = Milestone(
            id=required(gh_milestone, "id", int),
            node_id=text(gh_milestone.get("node_id"), 64),
            repository=ctx.repository,
            number=required(gh_milestone, "number", int),
            title=text(gh_milestone.get("title"), 1024),
            description=text(gh_milestone.get("description")),
            state="closed" if gh_milestone.get("state") == "closed" else "open",
            creator_id=ctx.users.add(gh_milestone.get("creator")),
            open_issues_count=count(gh_milestone.get("open_issues")),
            closed_issues_count=count(gh_milestone.get("closed_issues")),
            due_on=parse_datetime(gh_milestone.get("due_on")),
            created_at=parse_datetime(gh_milestone.get("created_at")),
            updated_at=parse_datetime(gh_milestone.get("updated_at")),
            closed_at=parse_datetime(gh_milestone.get("closed_at")),
        )
    except ItemError as exc:
        ctx.skip(RESOURCE, gh_milestone.get("number", "?"), str(exc))
        return None
    ctx.milestones[milestone.id] = milestone
    return milestone.id


def save(ctx: RepositoryContext) -> None:
    rows = bulk_upsert(Milestone, ctx.milestones.values(), unique_fields=["id"], update_fields=UPDATE_FIELDS)
    ctx.report.add(RESOURCE, rows)

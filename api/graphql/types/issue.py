"""GitHub issues, pull requests and milestones: OWASP Nest's ``IssueNode``, ``PullRequestNode`` and
``MilestoneNode``. Assignees, labels and linked pull requests are batched over every issue of the request."""

import graphene

from api.graphql.loaders import observed
from api.graphql.types.common import loader
from api.graphql.types.github_common import GitHubRowMixin
from api.graphql.types.user import UserType, users_by_id
from apps.ai.models import IssueSummary
from apps.github.models import Issue, PullRequest


def _assignees(issue_ids: list[int]) -> dict[int, list]:
    found: dict[int, list] = {}
    rows = Issue.assignees.through.objects.filter(issue_id__in=issue_ids).select_related("user").order_by("id")
    for row in rows:
        found.setdefault(row.issue_id, []).append(row.user)
    return found


def _labels(issue_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    rows = (
        Issue.labels.through.objects.filter(issue_id__in=issue_ids)
        .order_by("label__name")
        .values_list("issue_id", "label__name")
    )
    for issue_id, name in rows:
        found.setdefault(issue_id, []).append(name)
    return found


def _linked_pulls(issue_ids: list[int]) -> dict[int, list]:
    """The pull requests that say they close each issue (as the sync read them), by number."""
    found: dict[int, list] = {}
    through = PullRequest.related_issues.through
    rows = through.objects.filter(issue_id__in=issue_ids).select_related("pullrequest").order_by("pullrequest__number")
    for row in rows:
        found.setdefault(row.issue_id, []).append(row.pullrequest)
    return found


def _summaries(issue_ids: list[int]) -> dict[int, IssueSummary]:
    rows = IssueSummary.objects.filter(issue_id__in=issue_ids).only("issue_id", "summary", "hint")
    return {row.issue_id: row for row in rows}


class PullRequestType(GitHubRowMixin, graphene.ObjectType):
    id = graphene.ID(required=True)
    number = graphene.Int(required=True)
    title = graphene.String(required=True)
    state = graphene.String(required=True)
    is_draft = graphene.Boolean(required=True)
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    merged_at = graphene.DateTime()
    closed_at = graphene.DateTime()
    url = graphene.String(required=True)
    author = graphene.Field(UserType)

    class Meta:
        name = "PullRequestNode"


class IssueType(GitHubRowMixin, graphene.ObjectType):
    id = graphene.ID(required=True)
    number = graphene.Int(required=True)
    title = graphene.String(required=True)
    body = graphene.String(required=True)
    state = graphene.String(required=True)
    state_reason = graphene.String(required=True)
    comments_count = graphene.Int(required=True)
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    closed_at = graphene.DateTime()
    url = graphene.String(required=True)
    author = graphene.Field(UserType)
    assignees = graphene.List(graphene.NonNull(UserType), required=True)
    labels = graphene.List(graphene.NonNull(graphene.String), required=True)
    pull_requests = graphene.List(
        graphene.NonNull(PullRequestType), required=True, description="Pull requests that say they close it."
    )
    is_merged = graphene.Boolean(required=True, description="Whether one of those pull requests was merged.")
    # Ours: written by the AI on a schedule (null until then, or without an OpenAI chat model).
    summary = graphene.String(description="What the issue asks for, in a sentence or two (AI-written).")
    hint = graphene.String(description="How a newcomer could start working on it (AI-written).")

    class Meta:
        name = "IssueNode"

    def resolve_summary(root, info):
        found = loader(info, "ai-summaries", "issue", _summaries).load(root.pk)
        return found.summary if found else None

    def resolve_hint(root, info):
        found = loader(info, "ai-summaries", "issue", _summaries).load(root.pk)
        return (found.hint or None) if found else None

    def resolve_assignees(root, info):
        return observed(info, loader(info, "assignees", "issue", _assignees, default=[]).load(root.pk))

    def resolve_labels(root, info):
        return loader(info, "labels", "issue", _labels, default=[]).load(root.pk)

    def resolve_pull_requests(root, info):
        return loader(info, "linked-pulls", "issue", _linked_pulls, default=[]).load(root.pk)

    def resolve_is_merged(root, info):
        pulls = loader(info, "linked-pulls", "issue", _linked_pulls, default=[]).load(root.pk)
        return any(pull.merged_at is not None for pull in pulls)


class MilestoneType(GitHubRowMixin, graphene.ObjectType):
    id = graphene.ID(required=True)
    number = graphene.Int(required=True)
    title = graphene.String(required=True)
    body = graphene.String(required=True)
    state = graphene.String(required=True)
    open_issues_count = graphene.Int(required=True)
    closed_issues_count = graphene.Int(required=True)
    progress = graphene.Float(required=True, description="Closed issues, in percent of all its issues.")
    created_at = graphene.DateTime()
    due_on = graphene.DateTime()
    url = graphene.String(required=True)
    author = graphene.Field(UserType, description="Who created it.")

    class Meta:
        name = "MilestoneNode"

    def resolve_body(root, info):
        return root.description

    def resolve_author(root, info):
        return users_by_id(info, root.creator_id)

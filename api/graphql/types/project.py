"""OWASP projects: OWASP Nest's ``ProjectNode``, with repositories, recent activity, health and contributors,
each batched over every project of the request."""

from heapq import nlargest

import graphene

from api.graphql.types.common import JSON, checked_limit, github_status_of, limit_argument, loader
from api.graphql.types.contributor import RepositoryContributorType, contributor_rows
from api.graphql.types.health import ProjectHealthMetricsType
from api.graphql.types.issue import IssueType, MilestoneType, PullRequestType
from api.graphql.types.page import OwaspPageFieldsMixin
from api.graphql.types.release import ReleaseType
from api.graphql.types.repository import RepositoryType, newest_of_repository
from apps.github.models import Issue, Milestone, ProjectFigures, PullRequest, Release, Repository
from apps.github.services.contributors import top_contributors_by_project
from apps.github.services.health import recent_health_records
from apps.github.services.heatmap import project_heatmaps
from cms.models import LinkKind, ProjectLink, ProjectPage

RECENT = 5
REPOSITORIES = 100
HEALTH_RECORDS = 30


def projects_by_id(info, project_id):
    """A published project by id (None for an unpublished one), batched."""
    batch = lambda ids: ProjectPage.objects.published().in_bulk(ids)  # noqa: E731
    return loader(info, "project", "project", batch).load(project_id)


def _repositories(project_ids: list[int]) -> dict[int, list[Repository]]:
    found: dict[int, list[Repository]] = {}
    rows = Repository.objects.present().filter(project_id__in=project_ids).order_by("-stars_count", "name", "id")
    for repository in rows:
        found.setdefault(repository.project_id, []).append(repository)
    return found


def repositories_of(info, project) -> list[Repository]:
    """The project's present repositories, most starred first (what its page lists), batched."""
    return loader(info, "project-repositories", "project", _repositories, default=[]).load(project.pk)


def _figures(info, project) -> ProjectFigures | None:
    batch = lambda ids: ProjectFigures.objects.in_bulk(ids, field_name="project_id")  # noqa: E731
    return loader(info, "figures", "project", batch).load(project.pk)


def _freshness(info, project):
    """How fresh the project's figures are (``apps.github.services.freshness``): unknown while GitHub was never
    synced, no repository of it is, or they were never computed."""
    figures = _figures(info, project)
    if figures is None:
        return github_status_of(info).project(None, None)
    return github_status_of(info).project(figures.repositories_count, figures.synced_at)


def _figure(name: str):
    def resolve(root, info):
        figures = _figures(info, root)
        return _freshness(info, root).value(getattr(figures, name)) if figures is not None else None

    return resolve


def _newest_over_repositories(info, project, name, queryset, *, limit: int, by: str) -> list:
    """The project's ``limit`` newest rows over its repositories: each repository's newest few (one batched
    query for every repository of the request), then the newest of those."""
    rows = []
    for repository in repositories_of(info, project):
        rows += newest_of_repository(info, name, queryset, repository.pk, limit=limit, by=by)
    return nlargest(limit, rows, key=lambda row: (getattr(row, by), row.pk))


class ProjectType(OwaspPageFieldsMixin, graphene.ObjectType):
    level = graphene.String(required=True, description="incubator, lab, production, flagship or unknown.")
    type = graphene.String(required=True, description="code, documentation, tool or other.")
    licenses = graphene.List(graphene.NonNull(graphene.String), required=True)
    created_at = graphene.Date(description="When OWASP created the project's site.")
    related_urls = graphene.List(graphene.NonNull(graphene.String), required=True)
    topics = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="The topics of its repositories."
    )
    languages = graphene.List(graphene.NonNull(graphene.String), required=True, description="Largest first.")
    repositories_count = graphene.Int(description="Null until its GitHub figures were computed (unknown).")
    stars_count = graphene.Int(description="Null until its GitHub figures were computed (unknown).")
    forks_count = graphene.Int(description="Null until its GitHub figures were computed (unknown).")
    contributors_count = graphene.Int(description="Null until its GitHub figures were computed (unknown).")
    open_issues_count = graphene.Int(description="Null until its GitHub figures were computed (unknown).")
    issues_count = graphene.Int(description="Open issues (as openIssuesCount).")
    open_pull_requests_count = graphene.Int()
    releases_count = graphene.Int()
    github_synced_at = graphene.DateTime(
        description="How fresh its GitHub figures are: their repositories' newest sync; null while unknown (ours)."
    )
    repositories = graphene.List(graphene.NonNull(RepositoryType), required=True, limit=limit_argument(REPOSITORIES))
    recent_issues = graphene.List(graphene.NonNull(IssueType), required=True, limit=limit_argument(RECENT))
    recent_releases = graphene.List(graphene.NonNull(ReleaseType), required=True, limit=limit_argument(RECENT))
    recent_pull_requests = graphene.List(graphene.NonNull(PullRequestType), required=True, limit=limit_argument(RECENT))
    recent_milestones = graphene.List(graphene.NonNull(MilestoneType), required=True, limit=limit_argument(RECENT))
    top_contributors = graphene.List(
        graphene.NonNull(RepositoryContributorType), required=True, limit=limit_argument(12)
    )
    health_metrics_list = graphene.List(
        graphene.NonNull(ProjectHealthMetricsType),
        required=True,
        limit=limit_argument(HEALTH_RECORDS, maximum=366),
        description="Its newest daily health records, oldest first.",
    )
    health_metrics_latest = graphene.Field(ProjectHealthMetricsType)
    contribution_data = graphene.Field(JSON, description="Commits per day over the last year: {date: count}.")
    contribution_stats = graphene.Field(JSON, description="{commits}: commits over the last year.")

    class Meta:
        name = "ProjectNode"

    def resolve_type(root, info):
        return root.project_type

    def resolve_created_at(root, info):
        return root.created_on

    def resolve_related_urls(root, info):
        batch = lambda ids: _links(ids)  # noqa: E731
        return loader(info, "links", "page", batch, default=[]).load(root.pk)

    def resolve_topics(root, info):
        return sorted({topic for repository in repositories_of(info, root) for topic in repository.topics})

    def resolve_languages(root, info):
        figures = _figures(info, root)
        return figures.language_names if figures is not None else []

    resolve_repositories_count = _figure("repositories_count")
    resolve_stars_count = _figure("stars_count")
    resolve_forks_count = _figure("forks_count")
    resolve_contributors_count = _figure("contributors_count")
    resolve_open_issues_count = _figure("open_issues_count")
    resolve_issues_count = _figure("open_issues_count")
    resolve_open_pull_requests_count = _figure("open_pull_requests_count")
    resolve_releases_count = _figure("releases_count")

    def resolve_github_synced_at(root, info):
        return _freshness(info, root).synced_at

    def resolve_repositories(root, info, limit=REPOSITORIES):
        return repositories_of(info, root)[: checked_limit(limit, default=REPOSITORIES)]

    def resolve_recent_issues(root, info, limit=RECENT):
        limit = checked_limit(limit, default=RECENT)
        return _newest_over_repositories(
            info, root, "recent-issues", Issue.objects.all(), limit=limit, by="created_at"
        )  # any state, as OWASP Nest's

    def resolve_recent_releases(root, info, limit=RECENT):
        limit = checked_limit(limit, default=RECENT)
        return _newest_over_repositories(
            info, root, "releases", Release.objects.published(), limit=limit, by="published_at"
        )

    def resolve_recent_pull_requests(root, info, limit=RECENT):
        limit = checked_limit(limit, default=RECENT)
        return _newest_over_repositories(
            info, root, "pull-requests", PullRequest.objects.all(), limit=limit, by="created_at"
        )

    def resolve_recent_milestones(root, info, limit=RECENT):
        limit = checked_limit(limit, default=RECENT)
        milestones = Milestone.objects.exclude(created_at=None)
        return _newest_over_repositories(info, root, "milestones", milestones, limit=limit, by="created_at")

    def resolve_top_contributors(root, info, limit=12):
        limit = checked_limit(limit, default=12)
        batch = lambda ids: top_contributors_by_project(ids, limit=limit)  # noqa: E731
        rows = loader(info, ("project-contributors", limit), "project", batch, default=[]).load(root.pk)
        return contributor_rows(rows, project=root)

    def resolve_health_metrics_list(root, info, limit=HEALTH_RECORDS):
        limit = checked_limit(limit, default=HEALTH_RECORDS, maximum=366)
        batch = lambda ids: recent_health_records(ids, limit=limit)  # noqa: E731
        return loader(info, ("health", limit), "project", batch, default=[]).load(root.pk)

    def resolve_health_metrics_latest(root, info):
        batch = lambda ids: recent_health_records(ids, limit=1)  # noqa: E731
        records = loader(info, ("health", 1), "project", batch, default=[]).load(root.pk)
        return records[-1] if records else None

    def resolve_contribution_data(root, info):
        return _heatmap(info, root).as_dict()["counts"]

    def resolve_contribution_stats(root, info):
        return {"commits": _heatmap(info, root).total}


def _heatmap(info, project):
    return loader(info, "project-heatmap", "project", project_heatmaps).load(project.pk)


def _links(page_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    rows = ProjectLink.objects.filter(page_id__in=page_ids, kind=LinkKind.LINK).order_by("page_id", "sort_order")
    for page_id, url in rows.values_list("page_id", "url"):
        found.setdefault(page_id, []).append(url)
    return found

"""GitHub repositories: OWASP Nest's ``RepositoryNode``, with their issues, releases, milestones and
contributors, each batched over every repository of the request."""

import graphene

from api.graphql.loaders import observed
from api.graphql.types.common import checked_limit, global_id, limit_argument, loader
from api.graphql.types.contributor import RepositoryContributorType, contributor_rows
from api.graphql.types.organization import OrganizationType, organizations_by_id
from apps.github.models import Issue, Milestone, Release, Repository
from apps.github.services.contributors import top_contributors_per_repository
from apps.github.services.languages import language_shares
from apps.github.services.per_repository import newest_rows_per_repository
from apps.github.services.site_repositories import contributor_counts

RECENT = 5


def repositories_by_id(info, repository_id):
    return loader(info, "repository", "repository", lambda ids: Repository.objects.in_bulk(ids)).load(repository_id)


def newest_of_repository(info, name: str, queryset, repository_id: int, *, limit: int, by: str) -> list:
    """The repository's ``limit`` newest rows of ``queryset``, batched over every repository observed."""
    batch = lambda ids: newest_rows_per_repository(queryset, ids, limit=limit, by=by)  # noqa: E731
    return loader(info, (name, limit), "repository", batch, default=[]).load(repository_id)


class LanguageShareType(graphene.ObjectType):
    name = graphene.String(required=True)
    percent = graphene.Float(required=True)

    class Meta:
        name = "LanguageShareNode"


class RepositoryType(graphene.ObjectType):
    id = graphene.ID(required=True)
    key = graphene.String(required=True, description="The repository's name, lower-cased, as Nest keys it.")
    name = graphene.String(required=True)
    full_name = graphene.String(required=True)
    description = graphene.String(required=True)
    url = graphene.String(required=True)
    homepage = graphene.String(required=True)
    default_branch = graphene.String(required=True)
    license = graphene.String(required=True, description="SPDX id, or the licence's name ('' if none).")
    languages = graphene.List(graphene.NonNull(graphene.String), required=True, description="Largest first.")
    language_shares = graphene.List(graphene.NonNull(LanguageShareType), required=True)
    topics = graphene.List(graphene.NonNull(graphene.String), required=True)
    stars_count = graphene.Int(required=True)
    forks_count = graphene.Int(required=True)
    open_issues_count = graphene.Int(required=True, description="GitHub's count: issues and pull requests.")
    subscribers_count = graphene.Int(required=True)
    contributors_count = graphene.Int(required=True, description="People in its contributor list.")
    commits_count = graphene.Int(description="Not synced (only a year of commits is): always null (unknown).")
    size = graphene.Int(required=True, description="Kilobytes.")
    is_archived = graphene.Boolean(required=True)
    is_fork = graphene.Boolean(required=True)
    created_at = graphene.DateTime()
    updated_at = graphene.DateTime()
    pushed_at = graphene.DateTime()
    github_synced_at = graphene.DateTime(
        required=True, description="How fresh its figures are: when Nest last synced it (ours)."
    )
    organization = graphene.Field(OrganizationType)
    project = graphene.Field(lambda: _project_type())
    issues = graphene.List(
        graphene.NonNull(lambda: _issue_types().IssueType),
        required=True,
        limit=limit_argument(RECENT),
        description="Its newest open issues.",
    )
    releases = graphene.List(
        graphene.NonNull(lambda: _release_type()),
        required=True,
        limit=limit_argument(RECENT),
        description="Its newest published releases.",
    )
    latest_release = graphene.String(description="The tag of its newest published release.")
    recent_milestones = graphene.List(
        graphene.NonNull(lambda: _issue_types().MilestoneType), required=True, limit=limit_argument(RECENT)
    )
    top_contributors = graphene.List(
        graphene.NonNull(RepositoryContributorType), required=True, limit=limit_argument(20)
    )

    class Meta:
        name = "RepositoryNode"

    def resolve_id(root, info):
        return global_id("RepositoryNode", root.pk)

    def resolve_key(root, info):
        return root.name.lower()

    def resolve_github_synced_at(root, info):
        return root.synced_at

    def resolve_url(root, info):
        return root.html_url or f"https://github.com/{root.full_name}"

    def resolve_license(root, info):
        return root.license_label

    def resolve_languages(root, info):
        return [share["name"] for share in language_shares(root.languages)] or (
            [root.language] if root.language else []
        )

    def resolve_language_shares(root, info):
        return language_shares(root.languages)

    def resolve_subscribers_count(root, info):
        return root.watchers_count

    def resolve_contributors_count(root, info):
        return loader(info, "contributor-count", "repository", contributor_counts, default=0).load(root.pk)

    def resolve_commits_count(root, info):
        return None

    def resolve_size(root, info):
        return root.size_kb

    def resolve_organization(root, info):
        return organizations_by_id(info, root.organization_id)

    def resolve_project(root, info):
        from api.graphql.types.project import projects_by_id

        return projects_by_id(info, root.project_id)

    def resolve_issues(root, info, limit=RECENT):
        limit = checked_limit(limit, default=RECENT)
        return newest_of_repository(info, "issues", Issue.objects.open(), root.pk, limit=limit, by="created_at")

    def resolve_releases(root, info, limit=RECENT):
        limit = checked_limit(limit, default=RECENT)
        return newest_of_repository(
            info, "releases", Release.objects.published(), root.pk, limit=limit, by="published_at"
        )

    def resolve_latest_release(root, info):
        rows = newest_of_repository(info, "releases", Release.objects.published(), root.pk, limit=1, by="published_at")
        return rows[0].tag_name if rows else None

    def resolve_recent_milestones(root, info, limit=RECENT):
        limit = checked_limit(limit, default=RECENT)
        return newest_of_repository(
            info, "milestones", Milestone.objects.exclude(created_at=None), root.pk, limit=limit, by="created_at"
        )

    def resolve_top_contributors(root, info, limit=20):
        limit = checked_limit(limit, default=20)
        batch = lambda ids: top_contributors_per_repository(ids, limit=limit)  # noqa: E731
        rows = loader(info, ("repository-contributors", limit), "repository", batch, default=[]).load(root.pk)
        return observed(info, contributor_rows(rows))


def _project_type():
    from api.graphql.types.project import ProjectType

    return ProjectType


def _issue_types():
    from api.graphql.types import issue

    return issue


def _release_type():
    from api.graphql.types.release import ReleaseType

    return ReleaseType

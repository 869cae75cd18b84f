"""GitHub users as members: OWASP Nest's ``UserNode``, with the repositories they contributed to and the
pages they lead."""

import graphene

from api.graphql.loaders import observed
from api.graphql.types.common import JSON, checked_limit, github_status_of, global_id, limit_argument, loader, timestamp
from apps.github.models import User
from apps.github.services.heatmap import member_heatmaps
from apps.github.services.leaders import pages_led_by_users
from apps.github.services.members import member_counts, top_contributions

CONTRIBUTIONS_SHOWN = 30


def users_by_id(info, user_id):
    return loader(info, "user", "user", lambda ids: User.objects.in_bulk(ids)).load(user_id)


def _counts(info, root: User) -> dict:
    return loader(info, "member-counts", "user", member_counts, default={}).load(root.pk)


class RepositoryContributionType(graphene.ObjectType):
    """One repository a member contributed to, with their commit count there."""

    repository = graphene.Field(lambda: _repository_type(), required=True)
    contributions_count = graphene.Int(required=True)

    class Meta:
        name = "RepositoryContributionNode"

    def resolve_repository(root, info):
        return root.repository

    def resolve_contributions_count(root, info):
        return root.contributions


def _repository_type():
    from api.graphql.types.repository import RepositoryType

    return RepositoryType


class LedPageType(graphene.ObjectType):
    """A project, chapter, committee or event page a member leads (through a trusted leader match)."""

    kind = graphene.String(required=True, description="project, chapter, committee or event.")
    key = graphene.String(required=True)
    name = graphene.String(required=True)
    role = graphene.String(required=True)
    url = graphene.String(description="The entity's own site, when it has one.")

    class Meta:
        name = "LedPageNode"

    def resolve_kind(root, info):
        return root.page.specific_class._meta.model_name.removesuffix("page")

    def resolve_key(root, info):
        return root.page.short_key

    def resolve_name(root, info):
        return root.page.title

    def resolve_role(root, info):
        return root.role

    def resolve_url(root, info):
        return root.page.website or None


class UserType(graphene.ObjectType):
    """A GitHub account. Figures GitHub's profile holds but Nest does not sync are null (unknown)."""

    id = graphene.ID(required=True)
    login = graphene.String(required=True)
    name = graphene.String(required=True)
    avatar_url = graphene.String(required=True)
    bio = graphene.String(required=True)
    company = graphene.String(required=True)
    location = graphene.String(required=True)
    email = graphene.String(required=True, description="The public e-mail of the GitHub profile ('' if none).")
    url = graphene.String(required=True)
    created_at = graphene.Float(description="When the account was created (seconds since the epoch).")
    updated_at = graphene.Float()
    is_bot = graphene.Boolean(required=True)
    followers_count = graphene.Int(description="Not synced: always null (unknown).")
    following_count = graphene.Int(description="Not synced: always null (unknown).")
    public_repositories_count = graphene.Int(description="Not synced: always null (unknown).")
    is_owasp_staff = graphene.Boolean(description="Not known to Nest: always null.")
    contributions_count = graphene.Int(required=True, description="Commits in the contributor lists synced.")
    issues_count = graphene.Int(required=True)
    pull_requests_count = graphene.Int(required=True)
    releases_count = graphene.Int(required=True)
    github_synced_at = graphene.DateTime(
        description="How fresh its contribution counts are: the last GitHub sync; null while never synced (ours)."
    )
    contribution_data = graphene.Field(JSON, description="Commits per day over the last year: {date: count}.")
    contributions = graphene.List(
        graphene.NonNull(RepositoryContributionType),
        required=True,
        limit=limit_argument(CONTRIBUTIONS_SHOWN),
        description="The repositories the member contributed most to.",
    )
    pages_led = graphene.List(graphene.NonNull(LedPageType), required=True)

    class Meta:
        name = "UserNode"

    def resolve_id(root, info):
        return global_id("UserNode", root.pk)

    def resolve_url(root, info):
        return root.profile_url

    def resolve_github_synced_at(root, info):
        return github_status_of(info).figures.synced_at

    def resolve_created_at(root, info):
        return timestamp(root.created_at)

    def resolve_updated_at(root, info):
        return timestamp(root.updated_at)

    def resolve_followers_count(root, info):
        return None

    resolve_following_count = resolve_public_repositories_count = resolve_is_owasp_staff = resolve_followers_count

    def resolve_contributions_count(root, info):
        return _counts(info, root).get("contributions", 0)

    def resolve_issues_count(root, info):
        return _counts(info, root).get("issues", 0)

    def resolve_pull_requests_count(root, info):
        return _counts(info, root).get("pull_requests", 0)

    def resolve_releases_count(root, info):
        return _counts(info, root).get("releases", 0)

    def resolve_contribution_data(root, info):
        heatmap = loader(info, "member-heatmap", "user", member_heatmaps).load(root.pk)
        return heatmap.as_dict()["counts"] if heatmap else {}

    def resolve_contributions(root, info, limit=CONTRIBUTIONS_SHOWN):
        limit = checked_limit(limit, default=CONTRIBUTIONS_SHOWN)
        batch = lambda ids: top_contributions(ids, limit=limit)  # noqa: E731
        rows = loader(info, ("contributions", limit), "user", batch, default=[]).load(root.pk)
        observed(info, [row.repository for row in rows])
        return rows

    def resolve_pages_led(root, info):
        return loader(info, "pages-led", "user", pages_led_by_users, default=[]).load(root.pk)

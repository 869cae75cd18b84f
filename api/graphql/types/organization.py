"""GitHub organizations: OWASP Nest's ``OrganizationNode``."""

import graphene

from api.graphql.types.common import github_status_of, global_id, loader
from apps.github.models import Organization
from apps.github.services.stats import organization_totals


def organizations_by_id(info, organization_id):
    return loader(info, "organization", "organization", lambda ids: Organization.objects.in_bulk(ids)).load(
        organization_id
    )


class OrganizationStatsType(graphene.ObjectType):
    """What the organization's present repositories add up to."""

    total_contributors = graphene.Int(required=True)
    total_forks = graphene.Int(required=True)
    total_issues = graphene.Int(required=True, description="GitHub's open issues count (issues and pulls).")
    total_repositories = graphene.Int(required=True)
    total_stars = graphene.Int(required=True)

    class Meta:
        name = "OrganizationStatsNode"

    def resolve_total_contributors(root, info):
        return root["contributors"]

    def resolve_total_forks(root, info):
        return root["forks"]

    def resolve_total_issues(root, info):
        return root["issues"]

    def resolve_total_repositories(root, info):
        return root["repositories"]

    def resolve_total_stars(root, info):
        return root["stars"]


class OrganizationType(graphene.ObjectType):
    id = graphene.ID(required=True)
    login = graphene.String(required=True)
    name = graphene.String(required=True)
    description = graphene.String(required=True)
    avatar_url = graphene.String(required=True)
    url = graphene.String(required=True)
    email = graphene.String(required=True)
    location = graphene.String(required=True)
    blog = graphene.String(required=True)
    company = graphene.String(description="Not synced: always null (unknown).")
    collaborators_count = graphene.Int(description="Not synced: always null (unknown).")
    followers_count = graphene.Int(required=True)
    public_repositories_count = graphene.Int(required=True)
    created_at = graphene.DateTime()
    updated_at = graphene.DateTime()
    github_synced_at = graphene.DateTime(
        description="How fresh its stats are: its last complete repository listing; null while never listed (ours)."
    )
    stats = graphene.Field(OrganizationStatsType, required=True)

    class Meta:
        name = "OrganizationNode"

    def resolve_id(root, info):
        return global_id("OrganizationNode", root.pk)

    def resolve_url(root, info):
        return root.profile_url

    def resolve_company(root, info):
        return None

    resolve_collaborators_count = resolve_company

    def resolve_public_repositories_count(root, info):
        return root.public_repos_count

    def resolve_github_synced_at(root, info):
        return github_status_of(info).organization(root).synced_at

    def resolve_stats(root, info):
        return loader(info, "organization-totals", "organization", organization_totals).load(root.pk)

"""OWASP committees: OWASP Nest's ``CommitteeNode``. Its GitHub figures are those of its www-committee-*
repository; null while that repository was never synced (unknown)."""

import graphene

from api.graphql.types.common import loader, timestamp
from api.graphql.types.page import OwaspPageFieldsMixin
from apps.github.services.site_repositories import contributor_counts, site_repositories


def _site_repository(info, page):
    return loader(info, "site-repository", "page", site_repositories).load(page.pk)


def _figure(attribute: str):
    def resolve(root, info):
        repository = _site_repository(info, root)
        return getattr(repository, attribute) if repository is not None else None

    return resolve


class CommitteeType(OwaspPageFieldsMixin, graphene.ObjectType):
    created_at = graphene.Float(description="When OWASP created the committee's site (seconds since the epoch).")
    related_urls = graphene.List(graphene.NonNull(graphene.String), required=True)
    contributors_count = graphene.Int()
    forks_count = graphene.Int()
    issues_count = graphene.Int(description="GitHub's open issues count of its repository.")
    repositories_count = graphene.Int()
    stars_count = graphene.Int()
    github_synced_at = graphene.DateTime(
        description="How fresh its GitHub figures are: when Nest last synced its repository; null while never (ours)."
    )

    class Meta:
        name = "CommitteeNode"

    def resolve_created_at(root, info):
        return timestamp(root.created_on)

    def resolve_related_urls(root, info):
        return [root.website] if root.website else []

    resolve_forks_count = _figure("forks_count")
    resolve_issues_count = _figure("open_issues_count")
    resolve_stars_count = _figure("stars_count")
    resolve_github_synced_at = _figure("synced_at")

    def resolve_repositories_count(root, info):
        return 1 if _site_repository(info, root) is not None else None

    def resolve_contributors_count(root, info):
        repository = _site_repository(info, root)
        if repository is None:
            return None
        return loader(info, "contributor-count", "repository", contributor_counts, default=0).load(repository.pk)

"""Top contributors: OWASP Nest's ``RepositoryContributorNode`` (a person and their commit count over some
repositories)."""

from dataclasses import dataclass

import graphene

from api.graphql.types.common import global_id


@dataclass(frozen=True)
class ContributorRow:
    user_id: int
    login: str
    name: str
    avatar_url: str
    contributions: int
    project_key: str | None = None
    project_name: str | None = None


def contributor_rows(rows: list[dict], *, project=None) -> list[ContributorRow]:
    """``apps.github.services.contributors`` rows as the type reads them (with the project they were summed
    over, when one)."""
    return [
        ContributorRow(
            user_id=row["user_id"],
            login=row["user__login"],
            name=row["user__name"],
            avatar_url=row["user__avatar_url"],
            contributions=row["total"],
            project_key=project.key if project else None,
            project_name=project.title if project else None,
        )
        for row in rows
    ]


class RepositoryContributorType(graphene.ObjectType):
    id = graphene.ID(required=True, description="The person's UserNode id.")
    avatar_url = graphene.String(required=True)
    contributions_count = graphene.Int(required=True)
    login = graphene.String(required=True)
    name = graphene.String(required=True)
    project_key = graphene.String(description="The project the commits were counted over, if one.")
    project_name = graphene.String()

    class Meta:
        name = "RepositoryContributorNode"

    def resolve_id(root, info):
        return global_id("UserNode", root.user_id)

    def resolve_contributions_count(root, info):
        return root.contributions

"""GitHub releases: OWASP Nest's ``ReleaseNode``."""

import graphene

from api.graphql.types.github_common import GitHubRowMixin, RepositoryFieldsMixin
from api.graphql.types.user import UserType


class ReleaseType(GitHubRowMixin, graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    tag_name = graphene.String(required=True)
    description = graphene.String(required=True)
    is_pre_release = graphene.Boolean(required=True)
    published_at = graphene.DateTime()
    url = graphene.String(required=True)
    author = graphene.Field(UserType)
    project_name = graphene.String(description="The project its repository belongs to, if one.")

    class Meta:
        name = "ReleaseNode"

    def resolve_is_pre_release(root, info):
        return root.is_prerelease

    def resolve_project_name(root, info):
        project = RepositoryFieldsMixin.project_of(root, info)
        return project.title if project else None

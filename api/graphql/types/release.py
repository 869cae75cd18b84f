"""GitHub releases: OWASP Nest's ``ReleaseNode``."""

import graphene

from api.graphql.types.common import global_id
from api.graphql.types.github_common import RepositoryFieldsMixin
from api.graphql.types.user import UserType, users_by_id


class ReleaseType(RepositoryFieldsMixin, graphene.ObjectType):
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

    def resolve_id(root, info):
        return global_id("ReleaseNode", root.pk)

    def resolve_is_pre_release(root, info):
        return root.is_prerelease

    def resolve_url(root, info):
        root.repository = RepositoryFieldsMixin.repository_of(root, info)
        return root.html_url

    def resolve_author(root, info):
        return users_by_id(info, root.author_id)

    def resolve_project_name(root, info):
        project = RepositoryFieldsMixin.project_of(root, info)
        return project.title if project else None

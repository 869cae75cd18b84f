"""Fields every GitHub row of a repository has: its repository and organization, by name and as objects,
each from the request's batched loaders; and how its issues, pull requests, milestones and releases resolve
their id, URL and author alike (``GitHubRowMixin``)."""

import graphene

from api.graphql.types.common import global_id
from api.graphql.types.organization import organizations_by_id
from api.graphql.types.user import users_by_id


class RepositoryFieldsMixin:
    repository_name = graphene.String()
    organization_name = graphene.String()
    repository = graphene.Field(lambda: _repository_type())

    @staticmethod
    def repository_of(root, info):
        from api.graphql.types.repository import repositories_by_id

        return repositories_by_id(info, root.repository_id)

    @staticmethod
    def project_of(root, info):
        from api.graphql.types.project import projects_by_id

        repository = RepositoryFieldsMixin.repository_of(root, info)
        return projects_by_id(info, repository.project_id) if repository else None

    def resolve_repository(root, info):
        return RepositoryFieldsMixin.repository_of(root, info)

    def resolve_repository_name(root, info):
        repository = RepositoryFieldsMixin.repository_of(root, info)
        return repository.name if repository else None

    def resolve_organization_name(root, info):
        repository = RepositoryFieldsMixin.repository_of(root, info)
        organization = organizations_by_id(info, repository.organization_id) if repository else None
        return organization.login if organization else (repository.owner_login if repository else None)


class GitHubRowMixin(RepositoryFieldsMixin):
    """An issue, pull request, milestone or release: its Relay id (named after its GraphQL type, e.g.
    ``IssueNode``), its URL on GitHub (which names its repository) and its author."""

    def resolve_id(root, info):
        return global_id(info.parent_type.name, root.pk)

    def resolve_url(root, info):
        root.repository = RepositoryFieldsMixin.repository_of(root, info)
        return root.html_url

    def resolve_author(root, info):
        return users_by_id(info, root.author_id)


def _repository_type():
    from api.graphql.types.repository import RepositoryType

    return RepositoryType

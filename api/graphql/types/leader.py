"""Leaders of OWASP pages: OWASP Nest's ``EntityMemberNode`` (never with their private e-mail), each with the
GitHub member a trusted match ties them to."""

import graphene

from api.graphql.types.common import global_id, loader
from api.graphql.types.user import UserType, users_by_id
from apps.github.services.leaders import trusted_users
from cms.selectors import public_leaders


def _leaders(page_ids: list[int]) -> dict[int, list]:
    found: dict[int, list] = {}
    for leader in public_leaders().filter(page_id__in=page_ids):
        found.setdefault(leader.page_id, []).append(leader)
    return found


def leaders_of(info, page) -> list:
    """The page's public leaders in their listed order, batched over every page of the request."""
    return loader(info, "leaders", "page", _leaders, default=[]).load(page.pk)


class EntityMemberType(graphene.ObjectType):
    id = graphene.ID(required=True)
    member_name = graphene.String(required=True)
    role = graphene.String(required=True, description="As written beside the name, e.g. 'Chair'.")
    description = graphene.String(required=True, description="Same as role.")
    order = graphene.Int(required=True)
    is_active = graphene.Boolean(required=True)
    member = graphene.Field(UserType, description="The GitHub member, when a trusted match names one.")

    class Meta:
        name = "EntityMemberNode"

    def resolve_id(root, info):
        return global_id("EntityMemberNode", root.pk)

    def resolve_member_name(root, info):
        return root.name

    def resolve_description(root, info):
        return root.role

    def resolve_order(root, info):
        return root.sort_order or 0

    def resolve_is_active(root, info):
        return True

    def resolve_member(root, info):
        user_id = loader(info, "leader-user", "leader", trusted_users, keys_of="user").load(root.pk)
        return users_by_id(info, user_id)

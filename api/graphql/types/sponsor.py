"""Corporate sponsors and members: OWASP Nest's ``SponsorNode``."""

import graphene

from api.graphql.types.common import global_id


class SponsorType(graphene.ObjectType):
    id = graphene.ID(required=True)
    key = graphene.String(required=True)
    name = graphene.String(required=True)
    description = graphene.String(required=True)
    image_url = graphene.String(required=True)
    url = graphene.String(required=True)
    job_url = graphene.String(required=True)
    sponsor_type = graphene.String(
        required=True, description="Diamond, Platinum, Gold, Silver, Supporter or 'Not a sponsor'."
    )
    member_type = graphene.String(required=True, description="Platinum, Gold, Silver or 'Not a member'.")
    is_active = graphene.Boolean(required=True)

    class Meta:
        name = "SponsorNode"

    def resolve_id(root, info):
        return global_id("SponsorNode", root.pk)

    def resolve_key(root, info):
        return root.owasp_key or str(root.pk)

    def resolve_sponsor_type(root, info):
        return str(root.get_sponsor_tier_display())

    def resolve_member_type(root, info):
        return str(root.get_member_tier_display())

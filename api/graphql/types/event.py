"""OWASP events: OWASP Nest's ``EventNode``."""

import graphene

from api.graphql.types.common import global_id


class EventType(graphene.ObjectType):
    id = graphene.ID(required=True)
    key = graphene.String(required=True)
    name = graphene.String(required=True)
    category = graphene.String(required=True)
    start_date = graphene.Date(description="Null while its dates are to be announced.")
    end_date = graphene.Date()
    dates_text = graphene.String(required=True, description="Its dates as announced.")
    summary = graphene.String(required=True)
    description = graphene.String(required=True, description="HTML.")
    suggested_location = graphene.String(required=True)
    url = graphene.String(description="The event's own site, when known.")
    is_active = graphene.Boolean(required=True)

    class Meta:
        name = "EventNode"

    def resolve_id(root, info):
        return global_id("EventNode", root.pk)

    def resolve_name(root, info):
        return root.title

    def resolve_summary(root, info):
        return root.pitch

    def resolve_suggested_location(root, info):
        return root.location

    def resolve_url(root, info):
        return root.website or None

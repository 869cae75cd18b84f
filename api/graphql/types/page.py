"""What OWASP Nest's project, chapter and committee nodes share (its ``GenericEntityNode``), read from our
OWASP pages."""

import graphene

from api.graphql.types.common import global_id, timestamp
from api.graphql.types.leader import EntityMemberType, leaders_of


class EntityChannelType(graphene.ObjectType):
    name = graphene.String(required=True)
    slack_channel_id = graphene.String(required=True)

    class Meta:
        name = "EntityChannelNode"


class OwaspPageFieldsMixin:
    id = graphene.ID(required=True)
    key = graphene.String(required=True, description="The short key: 'juice-shop' for www-project-juice-shop.")
    name = graphene.String(required=True)
    summary = graphene.String(required=True, description="The pitch: a sentence or two saying what it is.")
    description = graphene.String(required=True, description="HTML.")
    tags = graphene.List(graphene.NonNull(graphene.String), required=True)
    is_active = graphene.Boolean(required=True)
    url = graphene.String(description="Its own site (on owasp.org for synced pages), when known.")
    source_repository = graphene.String(description="The www-* repository its data comes from, when known.")
    updated_at = graphene.Float(description="When OWASP's data last changed (seconds since the epoch).")
    leaders = graphene.List(graphene.NonNull(graphene.String), required=True, description="Names, in order.")
    entity_leaders = graphene.List(graphene.NonNull(EntityMemberType), required=True)
    entity_channels = graphene.List(
        graphene.NonNull(EntityChannelType), description="Slack channels are not synced: always null (unknown)."
    )

    def resolve_id(root, info):
        return global_id(info.parent_type.name, root.pk)

    def resolve_name(root, info):
        return root.title

    def resolve_summary(root, info):
        return root.pitch

    def resolve_url(root, info):
        return root.website or None

    def resolve_source_repository(root, info):
        return root.source_repository or None

    def resolve_updated_at(root, info):
        return timestamp(root.updated_on)

    def resolve_leaders(root, info):
        return [leader.name for leader in leaders_of(info, root)]

    def resolve_entity_leaders(root, info):
        return leaders_of(info, root)

    def resolve_entity_channels(root, info):
        return None

"""GraphQL schema under /graphql/: each entity adds its query fields to Query."""

import graphene
from django.conf import settings


class Query(graphene.ObjectType):
    site_name = graphene.String(required=True, description="The name of this Nest site.")

    def resolve_site_name(root, info):
        return settings.WAGTAIL_SITE_NAME


schema = graphene.Schema(query=Query)

"""GraphQL schema under /graphql/: OWASP Nest's public queries and shapes, with our lists beside them."""

import graphene

from api.graphql.queries import Query

schema = graphene.Schema(query=Query, auto_camelcase=True)

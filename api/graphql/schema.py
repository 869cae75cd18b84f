"""GraphQL schema under /graphql/: OWASP Nest's public queries and shapes, with our lists beside them, and the
mentorship mutations (apply, withdraw, decide)."""

import graphene

from api.graphql.queries import Query
from api.graphql.types.mentorship import MentorshipMutation


class Mutation(MentorshipMutation, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation, auto_camelcase=True)

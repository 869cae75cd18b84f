from django.urls import path

from api.graphql.auth import ApiAuthenticationMixin
from api.graphql.endpoint import NestGraphQLView


class GraphQLEndpoint(ApiAuthenticationMixin, NestGraphQLView):
    """The schema's view (api.graphql.endpoint) with the REST API's authentication, CSRF for cookie sessions
    only, and rate limits (api.graphql.auth)."""


urlpatterns = [path("", GraphQLEndpoint.as_view(), name="graphql")]

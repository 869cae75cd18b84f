from django.urls import path
from graphene_django.views import GraphQLView

from api.graphql.auth import ApiAuthenticationMixin


class NestGraphQLView(ApiAuthenticationMixin, GraphQLView):
    """CSRF for cookie sessions only; API keys and JWTs authenticate as on REST (api.graphql.auth)."""


urlpatterns = [path("", NestGraphQLView.as_view(graphiql=True), name="graphql")]

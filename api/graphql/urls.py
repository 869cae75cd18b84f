from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from api.graphql.endpoint import NestGraphQLView

urlpatterns = [path("", csrf_exempt(NestGraphQLView.as_view()), name="graphql")]

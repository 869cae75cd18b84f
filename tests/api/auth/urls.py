"""The site's URLconf plus a test-only API view that says who the request was authenticated as (the REST
resources come from another branch; this view uses the API's default authentication and throttles)."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.models import ApiKey
from nest.urls import handler404, handler500
from nest.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


class WhoAmI(APIView):
    def get(self, request):
        if isinstance(request.auth, ApiKey):
            how = "api_key"
        elif request.auth is not None:
            how = "jwt"
        elif request.user.is_authenticated:
            how = "session"
        else:
            how = "anonymous"
        return Response({"user": request.user.get_username() or None, "by": how})

    def post(self, request):
        return self.get(request)


urlpatterns = [path("api/v0/test-whoami/", WhoAmI.as_view()), *site_urlpatterns]

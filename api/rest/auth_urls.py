"""JWT for API clients under /api/v0/auth/token/ (djangorestframework-simplejwt): obtain a pair with a username
and password, refresh the access token, verify a token. Included by nest/urls.py before the /api/v0/ router."""

from django.urls import path
from rest_framework.settings import api_settings
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView, TokenVerifyView

from api.rest.throttling import TokenRateThrottle

urlpatterns = [
    path(
        "token/",
        TokenObtainPairView.as_view(throttle_classes=[TokenRateThrottle, *api_settings.DEFAULT_THROTTLE_CLASSES]),
        name="token_obtain_pair",
    ),
    path("token/refresh/", TokenRefreshView.as_view(), name="token_refresh"),
    path("token/verify/", TokenVerifyView.as_view(), name="token_verify"),
]

from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from apps.github.login.provider import NestGitHubProvider

urlpatterns = default_urlpatterns(NestGitHubProvider)

"""GitHub sign-in's login and callback views (allauth's OAuth2 flow). Without an OAuth app configured
(``GITHUB_OAUTH_CLIENT_ID`` empty) the button is not offered, and a request to either URL is a 404 saying so,
not the 500 of allauth's missing app."""

from functools import wraps

from allauth.socialaccount.providers.github.views import GitHubOAuth2Adapter
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


class NestGitHubOAuth2Adapter(GitHubOAuth2Adapter):
    """GitHub's OAuth endpoints from the settings, read when a sign-in runs (allauth's own are fixed at import)."""

    @property
    def authorize_url(self) -> str:
        return settings.GITHUB_OAUTH_AUTHORIZE_URL

    @property
    def access_token_url(self) -> str:
        return settings.GITHUB_OAUTH_TOKEN_URL

    @property
    def profile_url(self) -> str:
        return f"{settings.GITHUB_OAUTH_API_URL.rstrip('/')}/user"

    @property
    def emails_url(self) -> str:
        return f"{settings.GITHUB_OAUTH_API_URL.rstrip('/')}/user/emails"


def _when_configured(view):
    @wraps(view)
    def configured_view(request, *args, **kwargs):
        if not settings.GITHUB_OAUTH_CLIENT_ID:
            message = _("Signing in with GitHub is not set up on this site.")
            return render(request, "404.html", {"message": message}, status=404)
        return view(request, *args, **kwargs)

    return configured_view


oauth2_login = _when_configured(OAuth2LoginView.adapter_view(NestGitHubOAuth2Adapter))
oauth2_callback = _when_configured(OAuth2CallbackView.adapter_view(NestGitHubOAuth2Adapter))

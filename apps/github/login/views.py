from allauth.socialaccount.providers.github.views import GitHubOAuth2Adapter
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.conf import settings


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


oauth2_login = OAuth2LoginView.adapter_view(NestGitHubOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(NestGitHubOAuth2Adapter)

from allauth.socialaccount.providers.github.provider import GitHubProvider

from apps.github.login.views import NestGitHubOAuth2Adapter


class NestGitHubProvider(GitHubProvider):
    """allauth's GitHub provider with the adapter below: its views and URLs are this package's."""

    package = "apps.github.login"
    oauth2_adapter_class = NestGitHubOAuth2Adapter

    def get_default_scope(self):
        # The profile, and the email list: an account needs a verified address (notifications go there).
        return ["read:user", "user:email"]


provider_classes = [NestGitHubProvider]

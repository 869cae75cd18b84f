"""Where django-allauth looks for an installed app's sign-in providers (``<app>.provider``): GitHub's is
apps.github.login (allauth's own GitHub provider app would take this app's label)."""

from apps.github.login.provider import provider_classes

__all__ = ["provider_classes"]

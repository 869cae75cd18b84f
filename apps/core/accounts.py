"""How django-allauth treats accounts here. No self sign-up with a password: staff accounts are made in the
admin and keep their username and password. Anyone may sign in with GitHub: the account is made on the first
sign-in, without a local password, and tied to the synced GitHub user it is (apps.github.services.accounts).

A sign-in GitHub cannot complete (a state that does not match this browser's session, consent declined on
GitHub, no verified email address, an unusable reply) ends on a page saying why, answered 400."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthError
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.github.services import accounts


class NestAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False


def refuse(request, reason: str, *, status: int = 400):
    """End a GitHub sign-in on a page that says why."""
    return ImmediateHttpResponse(
        render(request, "socialaccount/authentication_error.html", {"reason": reason}, status=status)
    )


class NestSocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def pre_social_login(self, request, sociallogin) -> None:
        data = sociallogin.account.extra_data or {}
        emails = [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in sociallogin.email_addresses
        ]
        email = accounts.verified_email(emails)
        if not email:
            raise refuse(
                request,
                _(
                    "Your GitHub account has no verified email address, so you are not signed in. Verify an "
                    "address on GitHub (Settings, Emails), then sign in again."
                ),
            )
        try:
            accounts.link_github_user(data)
        except accounts.ProfileError as exc:
            raise refuse(
                request, _("GitHub's reply could not be used (%(reason)s). Try again later.") % {"reason": exc}
            ) from exc
        if not sociallogin.is_existing:
            sociallogin.user.email = email

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None) -> None:
        extra_context = extra_context or {}
        if error == AuthError.CANCELLED or request.GET.get("error") == "access_denied":
            reason = _("You declined to let Nest read your GitHub account, so you are not signed in.")
        elif "state_id" in extra_context or extra_context.get("state") is None:
            reason = _(
                "This GitHub sign-in does not belong to this browser's session (it expired, or was started "
                "elsewhere), so you are not signed in. Start again from the sign-in page."
            )
        else:
            reason = _("GitHub did not complete the sign-in, so you are not signed in. Try again later.")
        raise refuse(request, reason)

"""Site accounts signed in with GitHub, tied to the synced GitHub user they are.

The tie is allauth's social account: provider "github", ``uid`` GitHub's numeric user id, which is the
``github.User`` primary key. Sign-in creates the GitHub user row when the sync has not met the account yet (from
the profile GitHub returned), and otherwise leaves the synced row as the sync wrote it.
"""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from apps.github.models import User

PROVIDER = "github"


class ProfileError(ValueError):
    """GitHub's profile reply lacks what the link needs (an id and a login)."""


def verified_email(emails: list[dict]) -> str:
    """The address GitHub says the account verified: the primary one when verified, else the first verified one;
    "" when none is."""
    verified = [row for row in emails or () if row.get("verified") and row.get("email")]
    primary = [row for row in verified if row.get("primary")]
    return (primary or verified or [{"email": ""}])[0]["email"]


@transaction.atomic
def link_github_user(profile: dict) -> User:
    """The GitHub user this ``GET /user`` profile is: the synced row, or a new one made from the profile."""
    try:
        user_id, login = int(profile["id"]), str(profile["login"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ProfileError("GitHub's profile reply has no id or login") from exc
    user, created = User.objects.get_or_create(
        id=user_id,
        defaults={
            "login": login,
            "node_id": str(profile.get("node_id") or ""),
            "avatar_url": str(profile.get("avatar_url") or ""),
            "html_url": str(profile.get("html_url") or ""),
            "name": str(profile.get("name") or ""),
            "type": str(profile.get("type") or "User"),
        },
    )
    if not created and user.login != login:
        # A renamed account: the login is what people and the site's URLs know it by.
        user.login = login
        user.save(update_fields=["login", "synced_at"])
    return user


def github_user_of(account: AbstractBaseUser | AnonymousUser | None) -> User | None:
    """The GitHub user a site account signed in as (None for an anonymous visitor or a local-only account)."""
    if account is None or not account.is_authenticated:
        return None
    cached = getattr(account, "_github_user", False)
    if cached is not False:
        return cached
    uid = SocialAccount.objects.filter(user_id=account.pk, provider=PROVIDER).values_list("uid", flat=True).first()
    found = User.objects.filter(pk=int(uid)).first() if uid and uid.isdigit() else None
    account._github_user = found
    return found

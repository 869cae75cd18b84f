"""Who runs a program and mentors a module, named by GitHub login (how staff know people): the admin's program
and module forms resolve logins here. A login must be a GitHub user the sync met or who signed in;
appointing a mentor makes their mentor profile when they have none yet."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from apps.github.models import User
from apps.mentorship.models import Mentor
from apps.mentorship.services.errors import InvalidRequestError


def parse_logins(text: str) -> list[str]:
    """Logins from a comma-, space- or line-separated list, each once, in the order given (an "@" allowed)."""
    seen, logins = set(), []
    for word in (text or "").replace(",", " ").split():
        login = word.strip().lstrip("@")
        if login and login.lower() not in seen:
            seen.add(login.lower())
            logins.append(login)
    return logins


def github_users_by_login(logins: Iterable[str]) -> list[User]:
    """The GitHub users of these logins (compared as GitHub does, case-insensitively), in the order given;
    InvalidRequestError naming every login that is no known GitHub user."""
    logins = list(logins)
    found: dict[str, User] = {}
    if logins:
        # A login may have been held by two accounts over time (renames): the newest row wins.
        matches = Q()
        for login in logins:
            matches |= Q(login__iexact=login)
        for user in User.objects.filter(matches).order_by("id"):
            found[user.login.lower()] = user
    unknown = [login for login in logins if login.lower() not in found]
    if unknown:
        raise InvalidRequestError(
            _("No GitHub user is known by the login %(logins)s.") % {"logins": ", ".join(unknown)}
        )
    return [found[login.lower()] for login in logins]


def mentors_for(users: Iterable[User]) -> list[Mentor]:
    """The mentor profiles of these GitHub users, made for those who have none yet (appointing them)."""
    with transaction.atomic():
        return [Mentor.objects.get_or_create(github_user=user)[0] for user in users]

"""Leaders matched to GitHub users: the exact login the leader's record names first, then a unique name.

The matcher proposes; staff decide. A match staff reviewed, or set by hand, is never changed or removed by
the matcher. An unreviewed match follows the data: it moves when a better match appears (a login beats a
name) and goes when its user no longer matches. A name two GitHub users share matches neither.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import CharField, F, Func, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from apps.core import changes
from apps.github.models import LeaderGitHubMatch, MatchMethod, User
from apps.github.names import LOGIN_PATTERN
from cms.models import Leader
from cms.selectors import public_leaders

logger = logging.getLogger(__name__)

# github.com/<login>, @login, or the login itself.
LOGIN_RE = re.compile(rf"^(?:https?://)?(?:www\.)?(?:github\.com/)?@?({LOGIN_PATTERN})/?$")


def normalize_login(value: str) -> str:
    """The lower-cased login a leader's ``github_login`` names ("" when it is not a login)."""
    match = LOGIN_RE.match((value or "").strip())
    return match.group(1).lower() if match else ""


def normalize_name(value: str) -> str:
    """A name compared case-insensitively with runs of white space collapsed."""
    return " ".join((value or "").split()).lower()


@dataclass
class LeaderMatchReport:
    leaders: int = 0
    matched: dict = field(default_factory=lambda: {MatchMethod.LOGIN.value: 0, MatchMethod.NAME.value: 0})
    ambiguous: int = 0  # the name belongs to several GitHub users
    unmatched: int = 0
    kept: int = 0  # reviewed by staff or set by hand: left as they are
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    problems: list = field(default_factory=list)  # {"leader", "reason"}

    def as_dict(self) -> dict:
        return {
            "leaders": self.leaders,
            "matched": dict(self.matched),
            "ambiguous": self.ambiguous,
            "unmatched": self.unmatched,
            "kept": self.kept,
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "problems": self.problems,
        }


def _users_by_login(logins: set[str]) -> dict[str, int]:
    if not logins:
        return {}
    rows = User.objects.people().annotate(login_lower=Lower("login")).filter(login_lower__in=logins)
    return {login: user_id for user_id, login in rows.values_list("id", "login_lower")}


def _users_by_name(names: set[str]) -> dict[str, list[int]]:
    if not names:
        return {}
    found: dict[str, list[int]] = defaultdict(list)
    rows = (
        User.objects.people()
        .exclude(name="")
        .annotate(
            name_key=Func(
                Lower(Trim("name")),
                Value(r"\s+"),
                Value(" "),
                Value("g"),
                function="regexp_replace",
                output_field=CharField(),
            )
        )
        .filter(name_key__in={name.lower() for name in names})
        .values_list("id", "name")
    )
    for user_id, name in rows:
        found[normalize_name(name)].append(user_id)
    return found


def match_leaders(leaders: Iterable[Leader] | None = None) -> LeaderMatchReport:
    """Match every leader (or the given ones) to a GitHub user and store the result; see the module doc."""
    report = LeaderMatchReport()
    leaders = list(leaders if leaders is not None else Leader.objects.only("id", "name", "github_login"))
    report.leaders = len(leaders)
    ids = [leader.pk for leader in leaders]
    existing = {match.leader_id: match for match in LeaderGitHubMatch.objects.filter(leader_id__in=ids)}
    by_login = _users_by_login({login for leader in leaders if (login := normalize_login(leader.github_login))})
    by_name = _users_by_name({normalize_name(leader.name) for leader in leaders if normalize_name(leader.name)})

    to_create, to_update, to_remove = [], [], []
    for leader in leaders:
        current = existing.get(leader.pk)
        if current is not None and (current.reviewed or current.method == MatchMethod.MANUAL):
            report.kept += 1
            continue
        if leader.github_login and not normalize_login(leader.github_login):
            report.problems.append({"leader": leader.pk, "reason": f"not a GitHub login: {leader.github_login!r}"})
            logger.warning("leader %s: github_login %r is not a GitHub login", leader.pk, leader.github_login)

        user_id, method = by_login.get(normalize_login(leader.github_login)), MatchMethod.LOGIN
        if user_id is None:
            candidates = by_name.get(normalize_name(leader.name), [])
            user_id, method = (candidates[0] if len(candidates) == 1 else None), MatchMethod.NAME
            if len(candidates) > 1:
                report.ambiguous += 1
        if user_id is None:
            report.unmatched += 1
            if current is not None:
                to_remove.append(current.pk)
            continue

        report.matched[method.value] += 1
        if current is None:
            to_create.append(LeaderGitHubMatch(leader_id=leader.pk, user_id=user_id, method=method))
        elif (current.user_id, current.method) != (user_id, method):
            current.user_id, current.method = user_id, method
            to_update.append(current)
        else:
            report.unchanged += 1

    with transaction.atomic():
        LeaderGitHubMatch.objects.bulk_create(to_create, batch_size=1000)
        now = timezone.now()
        for match in to_update:
            match.updated_at = now
        LeaderGitHubMatch.objects.bulk_update(to_update, ["user", "method", "updated_at"], batch_size=1000)
        LeaderGitHubMatch.objects.filter(pk__in=to_remove, reviewed=False).delete()
        removed = set(to_remove)
        changed = [match.leader_id for match in (*to_create, *to_update)]
        changed += [leader_id for leader_id, match in existing.items() if match.pk in removed]
        changes.record("leader_match", changed, sender=Leader)
    report.created, report.updated, report.removed = len(to_create), len(to_update), len(to_remove)
    return report


def confirm_matches(matches: QuerySet[LeaderGitHubMatch], *, by) -> int:
    """Staff confirm these matches: the matcher will leave them alone from now on."""
    return matches.update(reviewed=True, reviewed_by=by, reviewed_at=timezone.now(), updated_at=timezone.now())


def reject_matches(matches: QuerySet[LeaderGitHubMatch], *, by) -> int:
    """Staff say these leaders are not these users: kept as reviewed records without a user, so the matcher
    does not propose the same user again."""
    now = timezone.now()
    return matches.update(
        user=None, method=MatchMethod.MANUAL, reviewed=True, reviewed_by=by, reviewed_at=now, updated_at=now
    )


def leader_user_ids(page_id: int) -> QuerySet:
    """The trusted GitHub users of a page's leaders, as a subquery of user ids."""
    return LeaderGitHubMatch.objects.trusted().filter(leader__page_id=page_id).values("user_id")


def page_leaders(page_id: int) -> list[Leader]:
    """A page's leaders in their listed order, without their e-mail, each with ``member_login``: the login
    of the GitHub user a trusted match ties them to (a member page exists for it), else None (1 query)."""
    member = LeaderGitHubMatch.objects.trusted().filter(leader_id=OuterRef("pk")).values("user__login")[:1]
    return list(public_leaders().filter(page_id=page_id).annotate(member_login=Subquery(member)))


def with_member_logins(leaders: Iterable[Leader]) -> list[Leader]:
    """The leaders, each given ``member_login`` as ``page_leaders`` does: 1 query for all that lack it
    (leaders loaded some other way), none when they all have it."""
    leaders = list(leaders)
    missing = [leader for leader in leaders if not hasattr(leader, "member_login")]
    if missing:
        logins = dict(
            LeaderGitHubMatch.objects.trusted()
            .filter(leader_id__in=[leader.pk for leader in missing])
            .values_list("leader_id", "user__login")
        )
        for leader in missing:
            leader.member_login = logins.get(leader.pk)
    return leaders


def pages_led_by(user: User) -> QuerySet[Leader]:
    """Leader rows (without their e-mail, with their live pages, by page title) a trusted match ties to this
    GitHub user: the member page's "Leads"."""
    return (
        public_leaders()
        .filter(github_match__in=LeaderGitHubMatch.objects.trusted().filter(user=user))
        .filter(page__live=True)
        .select_related("page")
        .order_by("page__title", "page_id")
    )


def trusted_users(leader_ids: Iterable[int]) -> dict[int, int]:
    """The GitHub user id of each leader a trusted match ties to one, by leader id (1 query)."""
    ids = list(leader_ids)
    if not ids:
        return {}
    return dict(LeaderGitHubMatch.objects.trusted().filter(leader_id__in=ids).values_list("leader_id", "user_id"))


def pages_led_by_users(user_ids: Iterable[int]) -> dict[int, list[Leader]]:
    """``pages_led_by`` for many users, by user id (1 query): leader rows without their e-mail, each with its
    live page, by page title."""
    ids = list(user_ids)
    found: dict[int, list[Leader]] = {user_id: [] for user_id in ids}
    if not ids:
        return found
    rows = (
        public_leaders()
        .filter(github_match__in=LeaderGitHubMatch.objects.trusted().filter(user_id__in=ids))
        .filter(page__live=True)
        .annotate(member_id=F("github_match__user_id"))
        .select_related("page")
        .order_by("page__title", "page_id")
    )
    for leader in rows:
        found[leader.member_id].append(leader)
    return found

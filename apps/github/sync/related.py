"""Related organizations: the GitHub organizations other than GITHUB_ORGANIZATION that OWASP projects live in.

Many of OWASP's largest projects are not in OWASP's organization (ZAP, Juice Shop, CycloneDX, Dependency-Track,
DefectDojo each have their own). Two ways bring them in:

- a project's repository links (``ProjectLink`` of kind "repository") name a repository of another owner: that
  repository is synced, and its organization's details;
- staff mark an organization OWASP-related in the admin (``Organization.is_owasp_related``): all its public
  repositories are synced, like OWASP's, and count for its project (see projects.py).

They are synced by the run of GITHUB_ORGANIZATION, after it. A full (nightly) run reads them as it reads
OWASP's; an hourly run reads only those never synced yet: their later changes reach it through the change
feed, whose one search covers them too (``feed_scope``), so they add no request to a run where nothing
changed. A linked repository GitHub does not serve (a broken link on a page) is reported as skipped,
remembered, and asked again by a full run once a week.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from apps.github.client import GitHubClient, GitHubError, Gone, NotFound, RateLimitExceeded
from apps.github.models import Organization, Repository, RepositorySyncState
from apps.github.sync import organizations
from apps.github.sync.common import ItemError
from apps.github.sync.projects import linked_repository_names
from apps.github.sync.report import RepositoryOutcome, SyncReport
from apps.github.sync.repositories import is_unchanged, mark_gone, sync_repository

logger = logging.getLogger(__name__)

MISSING = "linked_missing"  # in GITHUB_ORGANIZATION's sync_pages: {lower-case full name: when it answered 404}
MISSING_RETRY = timedelta(days=7)


def linked_elsewhere() -> dict[str, list[str]]:
    """Repositories project links name outside GITHUB_ORGANIZATION, as ``{owner: [full names]}`` (as spelled
    on the pages), owners and names in a stable order."""
    main = settings.GITHUB_ORGANIZATION.lower()
    by_owner: dict[str, list[str]] = defaultdict(list)
    for full_name in linked_repository_names(projects_only=True).values():
        owner = full_name.split("/", 1)[0]
        if owner.lower() != main:
            by_owner[owner].append(full_name)
    return {
        owner: sorted(names, key=str.lower) for owner, names in sorted(by_owner.items(), key=lambda i: i[0].lower())
    }


def related_logins() -> list[str]:
    """Organizations staff marked OWASP-related (all their public repositories are synced)."""
    main = settings.GITHUB_ORGANIZATION.lower()
    logins = Organization.objects.filter(is_owasp_related=True).values_list("login", flat=True)
    return sorted((login for login in logins if login.lower() != main), key=str.lower)


def feed_scope() -> tuple[list[str], list[str]]:
    """What the change feed of GITHUB_ORGANIZATION's run also covers: ``(organizations, single repositories)``
    — the OWASP-related organizations whole, and the stored linked repositories of the others (a link GitHub
    does not serve has nothing to feed, and would only lengthen the queries)."""
    related = related_logins()
    wanted = {login.lower() for login in related}
    linked = {
        name.lower() for owner, names in linked_elsewhere().items() if owner.lower() not in wanted for name in names
    }
    stored = (
        Repository.objects.present()
        .annotate(lower=Lower("full_name"))
        .filter(lower__in=linked)
        .order_by("lower")
        .values_list("full_name", flat=True)
    )
    return related, list(stored)


def scope_condition(main: Organization) -> Q:
    """The repositories a run of ``main`` keeps current: its own, the related organizations', the linked ones."""
    related, single = feed_scope()
    condition = Q(organization=main) | Q(organization__login__in=related)
    if single:
        condition |= Q(full_name_lower__in=[name.lower() for name in single])
    return condition


def in_scope(main: Organization):
    return Repository.objects.present().annotate(full_name_lower=Lower("full_name")).filter(scope_condition(main))


def sync_related(
    client: GitHubClient,
    report: SyncReport,
    *,
    full: bool,
    sync_all: Callable[[Organization], None],
) -> None:
    """Sync the related organizations (details, then all their repositories with ``sync_all``, or the linked
    ones only). An hourly run does only those not synced yet. ``RateLimitExceeded`` propagates."""
    linked = {owner.lower(): names for owner, names in linked_elsewhere().items()}
    owners = {owner.lower(): owner for owner in [*linked_elsewhere(), *related_logins()]}
    main = Organization.objects.with_login(settings.GITHUB_ORGANIZATION).first()
    # Linked repositories GitHub answered 404 for (broken links): asked again by a full run once a week.
    missing = dict(main.sync_pages.get(MISSING, {})) if main is not None else {}
    if full:
        retry_before = (timezone.now() - MISSING_RETRY).isoformat()
        missing = {name: when for name, when in missing.items() if when >= retry_before}
    try:
        for key, owner in sorted(owners.items()):
            names = [name for name in linked.get(key, []) if name.lower() not in missing]
            if key in linked and not names:
                continue
            known = Organization.objects.with_login(owner).first()
            if not full and _current(known, names):
                continue
            _sync_owner(client, owner, names, report, full=full, sync_all=sync_all, missing=missing)
    finally:
        if main is not None:
            main.sync_pages = {**main.sync_pages, MISSING: missing}
            Organization.objects.filter(pk=main.pk).update(sync_pages=main.sync_pages)


def _sync_owner(client, owner: str, names: list[str], report: SyncReport, *, full, sync_all, missing) -> None:
    """One other owner: its organization's details, then all its repositories (OWASP-related) or the linked
    ones. A user's repositories (``/orgs/{login}`` answers 404) are synced without an organization."""
    try:
        org = organizations.sync_organization(client, owner)
    except NotFound:
        org = None
    except RateLimitExceeded:
        raise
    except GitHubError as exc:
        report.error(owner, "organization", exc)
        return
    if org is not None and org.is_owasp_related:
        sync_all(org)
        return
    ok = True
    for name in names:  # every one, even after a failure
        ok = _sync_linked(client, org, name, report, full=full, missing=missing) and ok
    if org is not None and ok:
        Organization.objects.filter(pk=org.pk).update(last_synced_at=timezone.now())


def _current(organization: Organization | None, names: list[str]) -> bool:
    """Synced before, with every linked repository stored: an hourly run leaves it to the change feed."""
    if organization is not None and organization.last_synced_at is None:
        return False
    if organization is None and not names:
        return False
    stored = Repository.objects.annotate(lower=Lower("full_name")).filter(lower__in=[n.lower() for n in names])
    return stored.count() == len(names)


def _sync_linked(
    client: GitHubClient, org: Organization | None, full_name: str, report: SyncReport, *, full: bool, missing: dict
):
    """One linked repository of another owner: its object (GitHub follows a rename), then as in a listing."""
    known = Repository.objects.annotate(lower=Lower("full_name")).filter(lower=full_name.lower()).first()
    try:
        gh_repo = client.get(f"/repos/{full_name}").data
    except (NotFound, Gone):
        if known is not None:
            mark_gone(known, report)
        else:
            # A page links a repository GitHub does not serve: the page's problem, not the sync's. Remembered,
            # so hourly runs do not ask again; the nightly full run does.
            report.skip(full_name, "linked repository", full_name, "not found on GitHub: the project page's link")
            missing[full_name.lower()] = timezone.now().isoformat()
        return True
    except RateLimitExceeded:
        raise
    except GitHubError as exc:
        report.error(full_name, "linked repository", exc)
        return False
    if not isinstance(gh_repo, dict):
        report.error(full_name, "linked repository", "not a repository object")
        return False
    try:
        owner = organizations.owner_organization(client, gh_repo, org)
        state = RepositorySyncState.objects.filter(repository_id=gh_repo.get("id")).first()
        if not full and is_unchanged(gh_repo, state):
            report.count(RepositoryOutcome.UNCHANGED)
            return True
        outcome = sync_repository(client, gh_repo, owner, report, full=full)
    except ItemError as exc:
        report.skip(full_name, "repositories", full_name, str(exc))
        return False
    except GitHubError as exc:
        report.count(RepositoryOutcome.FAILED)
        report.error(full_name, "repository", exc)
        return False
    return outcome == RepositoryOutcome.SYNCED

"""The first sync's first pass: what the pages need most, before anything else.

A first sync of OWASP's organization (thousands of repositories, each with years of closed issues, pull
requests and commits) takes far more than one rate-limit hour. So before the full pass, while the organization
was never listed completely, a first pass stores the listing's rows of the repositories OWASP pages link to,
links them to their pages, then for each (projects' first, most starred first) reads its open issues,
contributors and releases, in that order, each repository in its own transaction. Unlinked repositories wait
for the full pass. The full pass then reads everything as usual
(releases and contributors answer 304 from the ETags kept here); a run stopped by the rate limit keeps what the
first pass stored, and the next run carries on with the linked repositories not done yet.

Open issues are read apart from the full walk (their own page states, ``issues_open``) and do not move the
``since`` cursor, so the full pass still reads every closed issue and pull request.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Q

from apps.github.client import GitHubClient, GitHubError, NotFound, RateLimitExceeded
from apps.github.models import Organization, Repository
from apps.github.sync import contributors, issues, labels, milestones, pulls, releases
from apps.github.sync.common import PER_PAGE, ItemError, read_listing
from apps.github.sync.context import RepositoryContext
from apps.github.sync.organizations import listing_params
from apps.github.sync.projects import link_repositories, linked_repository_names
from apps.github.sync.report import SyncReport
from apps.github.sync.repositories import load_state, repository_from, save_repository

logger = logging.getLogger(__name__)

OPEN_ISSUES = "issues_open"  # where the open-issue listing keeps its page states; set once a repository is done


def needs_first_pass(organization: Organization) -> bool:
    """True until a run has listed the organization completely (a first sync, or one that was stopped)."""
    return organization.last_synced_at is None


def first_pass(client: GitHubClient, organization: Organization, report: SyncReport) -> int:
    """Store the listing's linked repositories, link them, then the essentials of each one not done yet;
    returns how many repositories got them. ``RateLimitExceeded`` propagates: the run stops there."""
    linked = linked_repository_names()
    if not linked or not _store_listing(client, organization, linked, report):
        return 0
    link_repositories()
    done = 0
    for repository in pending(organization):
        try:
            if _essentials(client, repository, report):
                done += 1
        except NotFound:
            continue  # gone: the full pass marks it
    logger.info("GitHub first pass of %s: essentials of %s linked repositories", organization.login, done)
    return done


def pending(organization: Organization) -> list[Repository]:
    """Linked repositories (to a project or any OWASP page) whose essentials were not read yet, projects'
    first, most starred first."""
    linked = (
        Repository.objects.present()
        .filter(organization=organization)
        .filter(Q(project__isnull=False) | Q(owasp_page__isnull=False))
    )
    rows = [repository for repository in linked.select_related("sync_state") if OPEN_ISSUES not in _pages(repository)]
    return sorted(
        rows, key=lambda repository: (repository.project_id is None, -repository.stars_count, repository.full_name)
    )


def _pages(repository: Repository) -> dict:
    try:
        return repository.sync_state.pages or {}
    except Repository.sync_state.RelatedObjectDoesNotExist:
        return {}


def _store_listing(client: GitHubClient, organization: Organization, linked: dict, report: SyncReport) -> bool:
    """The rows of the listing's repositories whose lower-case full names are in ``linked`` (read
    unconditionally: the full pass keeps the listing's ETags)."""
    try:
        for page in client.paginate(f"/orgs/{organization.login}/repos", listing_params()):
            rows = []
            for gh_repo in page.items:
                try:
                    repository = repository_from(gh_repo, organization)
                    if repository.full_name.lower() in linked:
                        rows.append(repository)
                except (ItemError, AttributeError) as exc:
                    name = gh_repo.get("full_name", "?") if isinstance(gh_repo, dict) else "?"
                    report.skip(name, "repositories", name, str(exc))
            with transaction.atomic():
                for repository in rows:
                    save_repository(repository)
    except RateLimitExceeded:
        raise
    except GitHubError as exc:
        # Reported like the full pass's own listing errors (a fault may not come back when the full pass reads
        # the listing next); this pass then gives up and the full pass carries on.
        logger.warning("GitHub first pass of %s: repository listing failed: %s", organization.login, exc)
        report.error(organization.login, "repository listing", exc)
        return False
    return True


def _essentials(client: GitHubClient, repository: Repository, report: SyncReport) -> bool:
    """Open issues, contributors and releases of one repository, read in that order, written together."""
    state = load_state(repository.id)
    ctx = RepositoryContext(repository=repository, state=state, report=report, full=False)
    name = repository.full_name
    open_query = {"state": "open", "sort": "created", "direction": "desc", "per_page": PER_PAGE}
    try:
        open_listing = (
            read_listing(client, f"/repos/{name}/issues", open_query, state.pages.get(OPEN_ISSUES))
            if repository.has_issues
            else None
        )
        contributor_listing = contributors.fetch(client, name, state, full=False)
        release_listing = releases.fetch(client, name, state, full=False)
    except (NotFound, RateLimitExceeded):
        raise
    except GitHubError as exc:
        report.error(name, "first pass", exc)
        return False
    parsed_issues = issues.parse(ctx, open_listing)
    parsed_contributors = contributors.parse(ctx, contributor_listing)
    parsed_releases = releases.parse(ctx, release_listing)
    with transaction.atomic():
        report.add("users", ctx.users.save())
        labels.save(ctx, None)
        milestones.save(ctx)
        if parsed_issues is not None:
            report.add(issues.RESOURCE, issues.save_items(issues.Issue, parsed_issues.issues, issues.COMMON_FIELDS))
            report.add(
                pulls.RESOURCE,
                issues.save_items(pulls.PullRequest, parsed_issues.pulls, issues.COMMON_FIELDS + pulls.EXTRA_FIELDS),
            )
        contributors.save(ctx, contributor_listing, parsed_contributors)
        releases.save(ctx, release_listing, parsed_releases)
        complete = open_listing is None or open_listing.complete
        if complete:
            state.pages[OPEN_ISSUES] = open_listing.pages if open_listing is not None else []
        state.save()
    for listing, resource in ((contributor_listing, "contributors"), (release_listing, "releases")):
        if listing.error is not None:
            report.error(name, resource, listing.error)
    return complete

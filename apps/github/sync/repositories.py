"""One repository: its row from the organization listing, then its languages, labels, issues and pull
requests, releases, contributors and commits, read first and written in one transaction.

Reading before writing keeps the transaction short (no network inside it, rate-limit pauses included), and
a crash or a stop (rate limit, kill) anywhere before the commit leaves the repository exactly as the last
run left it; the next run does it again. A resource that fails (malformed JSON, 5xx after retries, 403) is
reported and skipped: the others are written, and the repository's fingerprint is not moved, so the next
incremental run comes back to it.
"""

from __future__ import annotations

import hashlib
import json
import logging

from django.db import transaction
from django.utils import timezone

from apps.core import changes
from apps.github.client import GitHubClient, GitHubError, GitHubUnavailable, NotFound, RateLimitExceeded
from apps.github.models import Issue, Organization, PullRequest, Repository, RepositorySyncState
from apps.github.sync import commits, contributors, issues, labels, milestones, releases, removals
from apps.github.sync.common import bulk_upsert, count, parse_datetime, required, text
from apps.github.sync.context import RepositoryContext
from apps.github.sync.report import RepositoryOutcome, SyncReport

logger = logging.getLogger(__name__)

RESOURCE = "repositories"
UPDATE_FIELDS = [
    "node_id",
    "organization",
    "owner_login",
    "name",
    "full_name",
    "description",
    "homepage",
    "html_url",
    "default_branch",
    "language",
    "topics",
    "license_key",
    "license_spdx_id",
    "license_name",
    "stars_count",
    "forks_count",
    "open_issues_count",
    "watchers_count",
    "size_kb",
    "is_archived",
    "is_fork",
    "is_template",
    "is_disabled",
    "has_issues",
    "created_at",
    "updated_at",
    "pushed_at",
    "is_gone",
    "gone_at",
]


def fingerprint(gh_repo: dict) -> str:
    """A hash of the repository's listing entry: pushes, new or closed issues, stars, edits all change it."""
    return hashlib.sha256(json.dumps(gh_repo, sort_keys=True, default=str).encode()).hexdigest()


def repository_from(gh_repo: dict, organization: Organization | None) -> Repository:
    """The Repository row a listing entry (or ``GET /repos/{o}/{r}``) describes. Raises ItemError."""
    owner = gh_repo.get("owner") if isinstance(gh_repo.get("owner"), dict) else {}
    name = text(required(gh_repo, "name", str), 100)
    owner_login = text(owner.get("login"), 100)
    licence = gh_repo.get("license") if isinstance(gh_repo.get("license"), dict) else {}
    topics = gh_repo.get("topics") if isinstance(gh_repo.get("topics"), list) else []
    return Repository(
        id=required(gh_repo, "id", int),
        node_id=text(gh_repo.get("node_id"), 64),
        organization=organization,
        owner_login=owner_login,
        name=name,
        full_name=text(gh_repo.get("full_name") or f"{owner_login}/{name}", 201),
        description=text(gh_repo.get("description")),
        homepage=text(gh_repo.get("homepage"), 500),
        html_url=text(gh_repo.get("html_url"), 500),
        default_branch=text(gh_repo.get("default_branch") or gh_repo.get("master_branch"), 255),
        language=text(gh_repo.get("language"), 100),
        topics=[text(topic, 64) for topic in topics if isinstance(topic, str)],
        license_key=text(licence.get("key"), 64),
        license_spdx_id=text(licence.get("spdx_id"), 64),
        license_name=text(licence.get("name"), 255),
        stars_count=count(gh_repo.get("stargazers_count")),
        forks_count=count(gh_repo.get("forks_count")),
        open_issues_count=count(gh_repo.get("open_issues_count")),
        watchers_count=count(gh_repo.get("watchers_count")),
        size_kb=count(gh_repo.get("size")),
        is_archived=bool(gh_repo.get("archived", False)),
        is_fork=bool(gh_repo.get("fork", False)),
        is_template=bool(gh_repo.get("is_template", False)),
        is_disabled=bool(gh_repo.get("disabled", False)),
        has_issues=bool(gh_repo.get("has_issues", True)),
        created_at=parse_datetime(gh_repo.get("created_at")),
        updated_at=parse_datetime(gh_repo.get("updated_at")),
        pushed_at=parse_datetime(gh_repo.get("pushed_at")),
        is_gone=False,
        gone_at=None,
    )


def save_repository(repository: Repository) -> None:
    """Upsert the row; a new full name for a known id (a rename or transfer) keeps the old one in
    ``previous_names``, so pages that link the old name still reach it."""
    stored = Repository.objects.filter(pk=repository.pk).values_list("full_name", "previous_names").first()
    if stored and stored[0].lower() != repository.full_name.lower():
        names = [name for name in (*stored[1], stored[0]) if name.lower() != repository.full_name.lower()]
        Repository.objects.filter(pk=repository.pk).update(previous_names=list(dict.fromkeys(names)))
        logger.info("GitHub repository %s is now %s", stored[0], repository.full_name)
    bulk_upsert(Repository, [repository], unique_fields=["id"], update_fields=UPDATE_FIELDS)


def mark_gone(repository: Repository, report: SyncReport) -> None:
    """GitHub answered 404 or 410: keep the rows (pages may still link them), flag the repository gone."""
    with transaction.atomic():
        if not Repository.objects.filter(pk=repository.pk).exists():
            save_repository(repository)
        if Repository.objects.filter(pk=repository.pk, is_gone=False).update(is_gone=True, gone_at=timezone.now()):
            changes.record("repository", [repository.pk], sender=Repository)
        # Listed again later with the same entry, it must be read again (and so marked present), not skipped.
        RepositorySyncState.objects.filter(repository_id=repository.pk).update(fingerprint="")
    report.count(RepositoryOutcome.GONE)
    logger.info("GitHub repository %s is gone (404 or 410)", repository.full_name)


def is_unchanged(gh_repo: dict, state: RepositorySyncState | None) -> bool:
    return bool(state and state.fingerprint and state.fingerprint == fingerprint(gh_repo))


def load_state(repository_id: int) -> RepositorySyncState:
    state = RepositorySyncState.objects.filter(repository_id=repository_id).first()
    return state or RepositorySyncState(repository_id=repository_id, pages={})


def fetch_languages(client: GitHubClient, full_name: str, state: RepositorySyncState) -> tuple[dict | None, list]:
    """``(languages, page state)``; languages is None when unchanged (304)."""
    known = (state.pages.get("languages") or [{}])[0]
    response = client.get(f"/repos/{full_name}/languages", etag=known.get("etag", ""))
    if response.not_modified:
        return None, [known]
    data = response.data if isinstance(response.data, dict) else {}
    languages = {str(name): size for name, size in data.items() if isinstance(size, int)}
    return languages, [{"url": response.url, "etag": response.etag, "next": None}]


def _record_changes(repository: Repository, gh_repo: dict | None, state, fetched: dict, parsed_issues) -> None:
    """Tell listeners (once the run commits) what this repository's sync changed: its own row when its listing
    entry or any of its listings answered with new content, and the issues and pull requests read anew."""
    entry_changed = gh_repo is not None and state.fingerprint != fingerprint(gh_repo)
    languages = fetched.get("languages")
    listings_changed = any(getattr(value, "changed", False) for value in fetched.values())
    if entry_changed or listings_changed or (languages is not None and languages[0] is not None):
        changes.record("repository", [repository.pk], sender=Repository)
    if parsed_issues is not None:
        changes.record("issue", [issue.pk for issue, _, _ in parsed_issues.issues], sender=Issue)
        changes.record("pull_request", [pull.pk for pull, _, _ in parsed_issues.pulls], sender=PullRequest)


def sync_repository(
    client: GitHubClient,
    gh_repo: dict | None,
    organization: Organization | None,
    report: SyncReport,
    *,
    full: bool = False,
    repository: Repository | None = None,
    only: set[str] | None = None,
) -> str:
    """Read and write one repository; returns its outcome (see RepositoryOutcome).

    ``only`` limits the resources read (e.g. ``{"issues"}``: the change feed's fallback).

    ``gh_repo`` is its listing entry; ``None`` with ``repository`` (its stored row) when the listing page
    answered 304 in a full run: the row is then current, and only its sub-resources are read.

    Raises ``RateLimitExceeded`` (the run stops, this repository is redone next time), ``GitHubUnavailable``
    when not one of its resources could be read, and ``ItemError`` when the listing entry is unusable.
    """
    if gh_repo is not None:
        repository = repository_from(gh_repo, organization)
    state = load_state(repository.id)
    ctx = RepositoryContext(repository=repository, state=state, report=report, full=full)
    fetched: dict = {}
    failures: list[tuple[str, GitHubError]] = []

    steps = [
        ("languages", lambda: fetch_languages(client, repository.full_name, state)),
        (labels.RESOURCE, lambda: labels.fetch(client, repository.full_name, state, full=full)),
        (issues.RESOURCE, lambda: issues.fetch(client, repository.full_name, state, full=full)),
        (releases.RESOURCE, lambda: releases.fetch(client, repository.full_name, state, full=full)),
        (contributors.RESOURCE, lambda: contributors.fetch(client, repository.full_name, state, full=full)),
        (commits.RESOURCE, lambda: commits.fetch(client, repository.full_name, state, full=full)),
    ]
    if not repository.has_issues:
        steps = [step for step in steps if step[0] != issues.RESOURCE]  # GitHub answers 410: nothing to read
    if only is not None:
        steps = [step for step in steps if step[0] in only]
    try:
        for resource, fetch in steps:
            if any(isinstance(error, GitHubUnavailable) for _, error in failures):
                failures.append((resource, GitHubUnavailable("not asked: GitHub unavailable for this repository")))
                continue
            try:
                fetched[resource] = fetch()
            except (NotFound, RateLimitExceeded):
                raise
            except GitHubError as exc:
                failures.append((resource, exc))
                continue
            error = getattr(fetched[resource], "error", None)
            if error is not None:
                failures.append((resource, error))
    except NotFound:
        mark_gone(repository, report)
        return RepositoryOutcome.GONE
    if not fetched and failures and isinstance(failures[0][1], GitHubUnavailable):
        raise GitHubUnavailable(f"{repository.full_name}: {failures[0][1]}")  # nothing read: nothing to write
    gone = removals.Removals()
    removals.find_gone_items(client, ctx, fetched.get(issues.RESOURCE), gone)
    removals.find_gone_releases(client, ctx, fetched.get(releases.RESOURCE), gone)

    parsed_labels = labels.parse(ctx, fetched.get(labels.RESOURCE))
    parsed_issues = issues.parse(ctx, fetched.get(issues.RESOURCE))
    parsed_releases = releases.parse(ctx, fetched.get(releases.RESOURCE))
    parsed_contributors = contributors.parse(ctx, fetched.get(contributors.RESOURCE))
    parsed_commits = commits.parse(ctx, fetched.get(commits.RESOURCE))

    now = timezone.now()
    with transaction.atomic():
        if gh_repo is not None:
            save_repository(repository)
            report.add(RESOURCE, 1)
        _record_changes(repository, gh_repo, state, fetched, parsed_issues)
        report.add("users", ctx.users.save())  # before the rows that point at them
        if fetched.get("languages") is not None:
            languages, pages = fetched["languages"]
            if languages is not None:
                Repository.objects.filter(pk=repository.pk).update(languages=languages)
            state.pages["languages"] = pages
        labels.save(ctx, parsed_labels)
        milestones.save(ctx)
        issues.save(ctx, parsed_issues)
        releases.save(ctx, fetched.get(releases.RESOURCE), parsed_releases)
        removals.mark_gone(ctx, gone)
        contributors.save(ctx, fetched.get(contributors.RESOURCE), parsed_contributors)
        commits.save(ctx, fetched.get(commits.RESOURCE), parsed_commits)

        state.last_synced_at = now
        if failures:
            state.last_error = "; ".join(f"{resource}: {error}" for resource, error in failures)[:4000]
            state.last_error_at = now
            state.failures += 1
        else:
            if gh_repo is not None:
                state.fingerprint = fingerprint(gh_repo)
            state.last_error = ""
            state.failures = 0
            if full:
                state.last_full_sync_at = now
        state.save()

    for resource, error in failures:
        report.error(repository.full_name, resource, error)
        logger.warning("GitHub sync of %s: %s failed: %s", repository.full_name, resource, error)
    outcome = RepositoryOutcome.PARTIAL if failures else RepositoryOutcome.SYNCED
    if only is None:  # a read of some resources only (the feed's fallback) is no outcome of the listing walk
        report.count(outcome)
    return outcome

"""Small ``make_*`` helpers for the project health, figures, heatmap and leader-matching tests."""

import itertools
from datetime import UTC, datetime

from django.utils import timezone

from apps.github.models import Commit, Issue, PullRequest, Release, Repository, RepositoryContributor, User
from cms.models import ChapterIndexPage, ChapterPage, Leader, ProjectIndexPage, ProjectPage

_ids = itertools.count(900_000_000)


def next_id() -> int:
    return next(_ids)


def make_project(title: str = "Project", *, level: str = "incubator", **fields) -> ProjectPage:
    number = next_id()
    page = ProjectPage(title=title, slug=f"project-{number}", level=level, live=True, **fields)
    ProjectIndexPage.objects.get().add_child(instance=page)
    return page


def make_chapter(title: str = "Chapter", **fields) -> ChapterPage:
    number = next_id()
    page = ChapterPage(title=title, slug=f"chapter-{number}", live=True, **fields)
    ChapterIndexPage.objects.get().add_child(instance=page)
    return page


def make_leader(page, name: str, *, github_login: str = "", order: int = 0) -> Leader:
    return Leader.objects.create(page=page, name=name, github_login=github_login, sort_order=order)


def make_user(login: str | None = None, **fields) -> User:
    number = next_id()
    return User.objects.create(id=number, login=login or f"user{number}", **fields)


def make_repository(project=None, name: str | None = None, **fields) -> Repository:
    number = next_id()
    name = name or f"repo-{number}"
    fields.setdefault("created_at", datetime(2020, 1, 1, tzinfo=UTC))
    return Repository.objects.create(
        id=number, owner_login="OWASP", name=name, full_name=f"OWASP/{name}", project=project, **fields
    )


def make_issue(repository, *, state: str = "open", comments: int = 0, assignee=None, **fields) -> Issue:
    number = next_id()
    now = timezone.now()
    fields.setdefault("created_at", now)
    fields.setdefault("updated_at", now)
    return Issue.objects.create(
        id=number,
        repository=repository,
        number=number % 100_000,
        title=f"Issue {number}",
        state=state,
        comments_count=comments,
        assignee=assignee,
        **fields,
    )


def make_pull_request(repository, *, state: str = "open", created_at=None, **fields) -> PullRequest:
    number = next_id()
    created_at = created_at or timezone.now()
    return PullRequest.objects.create(
        id=number,
        repository=repository,
        number=number % 100_000,
        title=f"Pull {number}",
        state=state,
        created_at=created_at,
        updated_at=created_at,
        **fields,
    )


def make_release(repository, *, published_at=None, is_draft: bool = False, **fields) -> Release:
    number = next_id()
    return Release.objects.create(
        id=number,
        repository=repository,
        tag_name=f"v{number}",
        published_at=published_at or timezone.now(),
        is_draft=is_draft,
        **fields,
    )


def make_contributor(repository, user, contributions: int = 1) -> RepositoryContributor:
    return RepositoryContributor.objects.create(repository=repository, user=user, contributions=contributions)


def make_commit(repository, *, author=None, authored_at=None, **fields) -> Commit:
    number = next_id()
    return Commit.objects.create(
        repository=repository,
        sha=f"{number:040x}",
        author=author,
        authored_at=authored_at or timezone.now(),
        message=f"commit {number}",
        **fields,
    )

"""Rows for tests that the OWASP sync does not make: recorded GitHub responses from ../shared/data, small
``make_*`` helpers for GitHub rows, leaders and extra pages, and look-ups of the pages the run's real
``sync_owasp`` made (the ``django_db_setup`` fixture)."""

import itertools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from apps.github.models import (
    Commit,
    Issue,
    Organization,
    PullRequest,
    Release,
    Repository,
    RepositoryContributor,
    User,
)
from cms.models import (
    ChapterIndexPage,
    ChapterPage,
    CommitteeIndexPage,
    CommitteePage,
    EventIndexPage,
    EventPage,
    Leader,
    ProjectIndexPage,
    ProjectPage,
)

_ids = itertools.count(10_000_000)


def next_id() -> int:
    return next(_ids)


def _dt(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _read(data_dir: Path, relative: str):
    return json.loads((data_dir / relative).read_text())


def add_page(parent: Page, page: Page) -> Page:
    """Add a live page under ``parent`` without a revision (fast; enough for rendering)."""
    page.slug = slugify(page.slug)[:50] or f"page-{next(_ids)}"
    page.live = True
    parent.add_child(instance=page)
    return page


def index(model) -> Page:
    return model.objects.get()


# The synced pages: the sync creates them in the data folder's order, so tree order is that order.


def _synced(model, limit: int | None, keys) -> list:
    pages = list(model.objects.filter(sync_source__gt="").order_by("path"))
    return pages[:limit] + [page for page in pages[limit or len(pages) :] if page.owasp_key in keys]


def real_projects(*, limit: int | None = None, keys: tuple[str, ...] = ()) -> list[ProjectPage]:
    """The synced ProjectPages: the first ``limit`` of the data folder plus those whose www key is in ``keys``."""
    return _synced(ProjectPage, limit, keys)


def real_chapters(*, limit: int | None = None, coordinates: dict | None = None) -> list[ChapterPage]:
    """The synced ChapterPages: the first ``limit`` plus those named in ``coordinates`` (www key -> (lat, lon)).
    With ``coordinates``, only the chapters named there have a location (at those points), so a test about
    distances and the map knows every point."""
    pages = _synced(ChapterPage, limit, coordinates or {})
    if coordinates is None:
        return pages
    for page in pages:
        page.latitude, page.longitude = coordinates.get(page.owasp_key, (None, None))
        page.location_precision = "city" if page.latitude is not None else ""
        ChapterPage.objects.filter(pk=page.pk).update(
            latitude=page.latitude, longitude=page.longitude, location_precision=page.location_precision
        )
    return pages


def real_committees() -> list[CommitteePage]:
    return _synced(CommitteePage, None, ())


def real_events(*, limit: int | None = None, keys: tuple[str, ...] = ()) -> list[EventPage]:
    return _synced(EventPage, limit, keys)


def show_only(pages, model=None) -> None:
    """Unpublish every other page of the kind of ``pages`` (or ``model``), so that a test about a few pages sees
    only them on the site; the test's transaction puts the others back."""
    model = model or type(pages[0])
    model.objects.exclude(pk__in=[page.pk for page in pages]).update(live=False)


def keep_only(pages) -> None:
    """Delete every other page of the kind of ``pages``, for a test of rules that read all of them (published or
    not); the test's transaction puts them back."""
    model = type(pages[0])
    Page.objects.filter(pk__in=model.objects.exclude(pk__in=[page.pk for page in pages]).values("pk")).delete()


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


def make_event(title: str, start, *, category: str = "Global", **fields) -> EventPage:
    return add_page(
        index(EventIndexPage),
        EventPage(
            title=title,
            slug=fields.pop("slug", None) or f"event-{next(_ids)}",
            category=category,
            start_date=start,
            **fields,
        ),
    )


def add_leader(page: Page, name: str, *, email: str = "", github_login: str = "", order: int = 0) -> Leader:
    return Leader.objects.create(page=page, name=name, email=email, github_login=github_login, sort_order=order)


def make_user(login: str | None = None, **fields) -> User:
    login = login or f"user{next(_ids)}"
    return User.objects.create(id=fields.pop("id", None) or next(_ids), login=login, **fields)


def make_repository(name: str | None = None, *, owner: str = "OWASP", organization=None, **fields) -> Repository:
    name = name or f"repo-{next(_ids)}"
    return Repository.objects.create(
        id=fields.pop("id", None) or next(_ids),
        organization=organization,
        owner_login=owner,
        name=name,
        full_name=f"{owner}/{name}",
        html_url=f"https://github.com/{owner}/{name}",
        **fields,
    )


def make_issue(
    repository, *, title: str = "Fix the thing", state: str = "open", comments: int = 0, created_at=None, **fields
) -> Issue:
    created_at = created_at or timezone.now() - timedelta(days=2)
    return Issue.objects.create(
        id=fields.pop("id", None) or next(_ids),
        repository=repository,
        number=fields.pop("number", None) or next(_ids) % 100_000,
        title=title,
        state=state,
        comments_count=comments,
        created_at=created_at,
        updated_at=fields.pop("updated_at", None) or created_at,
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


def make_release(repository, *, tag: str | None = None, published_at=None, **fields) -> Release:
    number = next_id()
    return Release.objects.create(
        id=number,
        repository=repository,
        tag_name=tag or f"v{number}",
        published_at=published_at or timezone.now(),
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


def recorded_github(data_dir: Path) -> dict:
    """The PyGithub repository as recorded from api.github.com: repository, 21 issues + 9 pull requests,
    10 releases, its 2012 contributor list and the profile of its top contributor (jacquev6)."""
    api = data_dir / "github-api"
    repo = _read(api, "repo/02-pygithub-pygithub.json")
    owner = repo["owner"]
    organization = Organization.objects.create(
        id=owner["id"],
        login=owner["login"],
        name=owner["login"],
        html_url=owner["html_url"],
        last_synced_at=timezone.now(),
    )
    repository = Repository.objects.create(
        id=repo["id"],
        organization=organization,
        owner_login=owner["login"],
        name=repo["name"],
        full_name=repo["full_name"],
        description=repo.get("description") or "",
        html_url=repo["html_url"],
        language=repo.get("language") or "",
        languages={"Python": 1_500_000, "Shell": 2_400},
        topics=repo.get("topics") or [],
        license_key=repo["license"]["key"],
        license_spdx_id=repo["license"]["spdx_id"],
        license_name=repo["license"]["name"],
        stars_count=repo["stargazers_count"],
        forks_count=repo["forks_count"],
        open_issues_count=repo["open_issues_count"],
        watchers_count=repo["subscribers_count"] if "subscribers_count" in repo else repo["watchers_count"],
        created_at=_dt(repo["created_at"]),
        pushed_at=_dt(repo["pushed_at"]),
        updated_at=_dt(repo["updated_at"]),
    )
    users: dict[int, User] = {}

    def user(payload):
        if not payload:
            return None
        if payload["id"] not in users:
            users[payload["id"]], _ = User.objects.get_or_create(
                id=payload["id"], defaults={"login": payload["login"], "type": payload.get("type", "User")}
            )
        return users[payload["id"]]

    issues, pulls = [], []
    for item in _read(api, "issues/06-pygithub-issues-with-prs.json"):
        model = PullRequest if item.get("pull_request") else Issue
        extra = {"merged_at": _dt(item["pull_request"].get("merged_at"))} if item.get("pull_request") else {}
        row = model.objects.create(
            id=item["id"],
            repository=repository,
            number=item["number"],
            title=item["title"],
            body=item.get("body") or "",
            state=item["state"],
            comments_count=item["comments"],
            created_at=_dt(item["created_at"]),
            updated_at=_dt(item["updated_at"]),
            closed_at=_dt(item["closed_at"]),
            author=user(item["user"]),
            assignee=user(item.get("assignee")),
            **extra,
        )
        (pulls if model is PullRequest else issues).append(row)
    releases = [
        Release.objects.create(
            id=item["id"],
            repository=repository,
            tag_name=item["tag_name"],
            name=item.get("name") or "",
            published_at=_dt(item.get("published_at")),
            created_at=_dt(item.get("created_at")),
            is_draft=item.get("draft", False),
            is_prerelease=item.get("prerelease", False),
        )
        for item in _read(api, "releases/01-pygithub-page1.json")
    ]
    profile = _read(api, "users/01-jacquev6.json")
    top = user(profile)
    User.objects.filter(pk=top.pk).update(
        name=profile.get("name") or "", location=profile.get("location") or "", html_url=profile["html_url"]
    )
    for item in _read(api, "contributors/03-pygithub-legacy-2012.json"):
        RepositoryContributor.objects.create(
            repository=repository, user=user(item), contributions=item["contributions"]
        )
    return {
        "organization": organization,
        "repository": repository,
        "issues": issues,
        "pulls": pulls,
        "releases": releases,
        "top_contributor": User.objects.get(pk=top.pk),
    }


def at(days_ago: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days_ago)


KNOWN_PROJECTS = (
    "www-project-juice-shop",
    "www-project-dependency-check",
    "www-project-cheat-sheets",
    "www-project-zap",
)


def project_site(data_dir: Path, *, limit: int = 20, health_days: int = 30) -> dict:
    """Real synced projects (the first ``limit`` plus Juice Shop, Dependency-Check, Cheat Sheets and ZAP, the
    only ones left published) with the recorded PyGithub repository and a few more linked to Juice Shop, figures
    refreshed and ``health_days`` days of health records."""
    from apps.github.services.figures import refresh_project_figures
    from apps.github.services.health import record_project_health

    projects = real_projects(limit=limit, keys=KNOWN_PROJECTS)
    show_only(projects)
    by_key = {project.owasp_key: project for project in projects}
    juice = by_key["www-project-juice-shop"]
    github = recorded_github(data_dir)
    Repository.objects.filter(pk=github["repository"].pk).update(project=juice)
    extra = make_repository("juice-shop", project=juice, language="TypeScript", stars_count=11000, forks_count=9000)
    make_repository(
        "DependencyCheck", project=by_key["www-project-dependency-check"], language="Java", stars_count=6000
    )
    make_release(extra, tag="v17.1.1", name="Juice Shop 17.1.1", published_at=at(3))
    add_leader(juice, "Björn Kimminich", email="bjoern.private@example.org", github_login="bkimminich")
    refresh_project_figures()
    from apps.github.models import HealthThreshold
    from cms.models import ProjectLevel

    for level in ProjectLevel.values:  # seeded by a migration; gone after a transactional test's flush
        HealthThreshold.objects.get_or_create(level=level)
    today = timezone.now().date()
    for days_ago in range(health_days - 1, -1, -1):
        record_project_health(on=today - timedelta(days=days_ago))
    return {"projects": projects, "by_key": by_key, "juice": juice, "github": github, "extra": extra}


def ensure_site_tree() -> None:
    """The page tree the migrations create (root, HomePage as the default site's root, the four section index
    pages), recreated when a transactional test's flush emptied the tables (browser tests run after those)."""
    from wagtail.models import Locale, Site

    from cms.models import HomePage

    locale, _ = Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        home = root.add_child(instance=HomePage(title="OWASP Nest", slug="home", locale=locale))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "OWASP Nest"},
    )
    for model, slug, title in (
        (ProjectIndexPage, "projects", "Projects"),
        (ChapterIndexPage, "chapters", "Chapters"),
        (CommitteeIndexPage, "committees", "Committees"),
        (EventIndexPage, "events", "Events"),
    ):
        if not model.objects.exists():
            home.refresh_from_db()
            home.add_child(instance=model(title=title, slug=slug, locale=locale))


def make_account(username: str | None = None, *, password: str = "a long test password", **fields):
    """A site account (django.contrib.auth), signed in with ``password``; not a GitHub user (``make_user``)."""
    from django.contrib.auth import get_user_model

    username = username or f"member{next(_ids)}"
    return get_user_model().objects.create_user(username=username, password=password, **fields)


def make_api_key(account, *, name: str = "script", days: float = 30, **kwargs):
    """A key of ``account`` expiring in ``days`` days, through the service: returns (ApiKey, plain key)."""
    from apps.core.services.api_keys import create_api_key

    created = create_api_key(account, name=name, expires_at=timezone.now() + timedelta(days=days), **kwargs)
    return created.key, created.plain

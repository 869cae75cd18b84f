"""GitHub organizations, repositories and member profiles as the public site shows them.

Each detail is None when there is no such row (or the name cannot be one); the views answer 404 then.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from apps.github.models import Issue, Organization, PullRequest, Release, Repository, RepositoryContributor, User
from apps.github.models.user import people_condition
from apps.github.services.heatmap import member_heatmap
from apps.github.services.languages import language_shares
from apps.github.services.leaders import pages_led_by
from cms.models import ProjectPage
from theme.cache import cached
from theme.cache_groups import GITHUB

REPOSITORIES_SHOWN = 30
PROJECTS_SHOWN = 10
CONTRIBUTORS_SHOWN = 20
ISSUES_SHOWN = 10
RELEASES_SHOWN = 5
HEATMAP_DAYS = 371  # 53 whole weeks, so the grid's columns are full weeks


def organization_detail(login: str) -> dict | None:
    """An organization, its most starred repositories, which of them are synced and the projects they count
    for (4 queries, 3 with its totals cached)."""
    organization = Organization.objects.with_login(login).first()
    if organization is None:
        return None
    repositories = list(
        Repository.objects.present()
        .filter(organization=organization)
        .only(
            "id",
            "owner_login",
            "name",
            "full_name",
            "description",
            "language",
            "stars_count",
            "forks_count",
            "is_archived",
            "pushed_at",
            "organization_id",
        )
        .order_by("-stars_count", "name")[:REPOSITORIES_SHOWN]
    )
    present = Repository.objects.present().filter(organization=organization)
    # An aggregate over all its repositories (18 ms for OWASP's at 10x): kept until a GitHub change.
    totals = cached(
        "organization-totals",
        lambda: present.aggregate(repositories=Count("id"), stars=Sum("stars_count"), forks=Sum("forks_count")),
        str(organization.pk),
        groups=(GITHUB,),
    )
    # Which of its repositories the sync keeps (apps.github.sync.related): all for OWASP's own organization and
    # the ones staff marked OWASP-related, else only those project pages link.
    if organization.login.lower() == settings.GITHUB_ORGANIZATION.lower():
        scope = "owasp"
    else:
        scope = "related" if organization.is_owasp_related else "linked"
    # By id (no DISTINCT over whole page rows), with only what a link shows.
    linked = Repository.objects.present().filter(organization=organization, project__isnull=False)
    projects = list(
        ProjectPage.objects.live()
        .filter(pk__in=linked.values("project_id"))
        .only("id", "title", "url_path", "path", "depth")
        .order_by("title")[:PROJECTS_SHOWN]
    )
    return {
        "organization": organization,
        "repositories": repositories,
        "totals": totals,
        "scope": scope,
        "projects": projects,
    }


def repository_detail(owner: str, name: str) -> dict | None:
    """A repository with its languages, top contributors (people, as on project pages), latest open issues and
    releases (4 queries)."""
    repository = Repository.objects.named(owner, name).select_related("organization").first()
    if repository is None:
        return None
    contributors = list(
        RepositoryContributor.objects.filter(people_condition("user__"), repository=repository)
        .select_related("user")
        .order_by("-contributions", "user_id")[:CONTRIBUTORS_SHOWN]
    )
    issues = list(
        Issue.objects.open()
        .filter(repository=repository)
        .select_related("repository", "assignee")
        .order_by("-created_at", "-id")[:ISSUES_SHOWN]
    )
    releases = list(
        Release.objects.published().filter(repository=repository).order_by("-published_at", "-id")[:RELEASES_SHOWN]
    )
    for release in releases:
        release.repository = repository  # its link names the repository: no query per release
    return {
        "repository": repository,
        "languages": language_shares(repository.languages),
        "contributors": contributors,
        "issues": issues,
        "releases": releases,
    }


@dataclass
class Heatmap:
    """Contributions per day over the last 53 weeks, as weeks (columns) of 7 days (rows)."""

    weeks: list[list[dict]] = field(default_factory=list)
    total: int = 0
    start: date | None = None
    end: date | None = None


def member_profile(login: str) -> dict | None:
    """A GitHub user's public profile: repositories contributed to, counts, pages led, a heatmap (7 queries)."""
    user = User.objects.with_login(login).first()
    if user is None:
        return None
    contributions = list(
        RepositoryContributor.objects.filter(user=user)
        .select_related("repository")
        .order_by("-contributions", "repository_id")[:REPOSITORIES_SHOWN]
    )
    totals = RepositoryContributor.objects.filter(user=user).aggregate(
        repositories=Count("id"), commits=Sum("contributions")
    )
    pulls = PullRequest.objects.filter(author=user).aggregate(
        pull_requests=Count("id"), merged=Count("id", filter=Q(merged_at__isnull=False))
    )
    counts = {"issues": Issue.objects.filter(author=user).count(), **pulls}
    return {
        "member": user,
        "contributions": contributions,
        "totals": totals,
        "counts": counts,
        "led": pages_led(user),
        "heatmap": contribution_heatmap(user),
    }


def pages_led(user: User) -> list[dict]:
    """Projects, chapters, committees and events this user leads, through trusted leader matches (1 query)."""
    rows = []
    for leader in pages_led_by(user):
        page = leader.page
        rows.append({"title": page.title, "url": page.url, "kind": page.specific_class._meta.verbose_name})
    return rows


def contribution_heatmap(user: User, *, today: date | None = None) -> Heatmap:
    """The user's commits per day over the last 53 weeks (apps.github.services.heatmap, one grouped query on
    the (author, authored_at) index), laid out as calendar weeks."""
    today = today or timezone.now().date()
    # Start on a Sunday so each column is one calendar week.
    start = today - timedelta(days=HEATMAP_DAYS - 1)
    start -= timedelta(days=(start.weekday() + 1) % 7)
    commits = member_heatmap(user, days=(today - start).days + 1, today=today)
    heatmap = Heatmap(start=start, end=today, total=commits.total)
    week = []
    for day, count in commits.days():
        week.append({"date": day, "count": count, "level": _heat_level(count)})
        if len(week) == 7:
            heatmap.weeks.append(week)
            week = []
    if week:
        heatmap.weeks.append(week)
    return heatmap


def _heat_level(count: int) -> int:
    if count == 0:
        return 0
    if count < 3:
        return 1
    if count < 6:
        return 2
    if count < 10:
        return 3
    return 4

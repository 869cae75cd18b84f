"""The root query: OWASP Nest's public queries (same names, arguments and shapes) and our lists with filters
and pages. Every resolver asks the domain (page querysets, FilterSets, GitHub services) and hands the rows
to the types, whose nested fields the request's loaders batch."""

import graphene
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from api.graphql.loaders import observed
from api.graphql.types.chapter import ChapterType
from api.graphql.types.committee import CommitteeType
from api.graphql.types.common import (
    MAX_LIMIT,
    bad_argument,
    checked_limit,
    checked_offset,
    limit_argument,
    offset_argument,
    window,
)
from api.graphql.types.contributor import RepositoryContributorType, contributor_rows
from api.graphql.types.event import EventType
from api.graphql.types.issue import IssueType, MilestoneType, PullRequestType
from api.graphql.types.mentorship import MentorshipQuery
from api.graphql.types.organization import OrganizationType
from api.graphql.types.project import ProjectType
from api.graphql.types.release import ReleaseType
from api.graphql.types.repository import RepositoryType
from api.graphql.types.search import SearchQuery
from api.graphql.types.snapshot import SnapshotType
from api.graphql.types.sponsor import SponsorType
from api.graphql.types.stats import StatsType
from api.graphql.types.user import UserType
from apps.github.filters import OfferedIssueFilter
from apps.github.models import Organization, Repository, User
from apps.github.services.contributors import top_contributors
from apps.github.services.health import latest_health_date
from apps.github.services.members import top_contributions
from apps.github.services.offered_issues import offered_page
from apps.github.services.recent import (
    Scope,
    recent_issues,
    recent_milestones,
    recent_pull_requests,
    recent_releases_by,
)
from apps.github.services.site_repositories import site_repositories
from apps.github.services.stats import site_stats
from apps.owasp.models import InvalidOrdering, Snapshot
from cms.filters import MIN_SEARCH_LENGTH, ChapterFilter, EventFilter, ProjectFilter
from cms.models import ChapterPage, CommitteePage, EventPage, ProjectPage, Sponsor
from cms.models.projects import ProjectOrdering, search_ids

DEFAULT_PAGE = 25
SEARCH_RESULTS = 3


def _filtered(filterset, arguments: dict[str, str]):
    """The FilterSet's queryset, or the first invalid parameter as an error naming its argument."""
    if not filterset.is_valid():
        name, messages = next(iter(filterset.errors.items()))
        raise bad_argument(arguments.get(name, name), " ".join(str(message) for message in messages))
    return filterset.qs


def _aware(moment):
    """A DateTime argument without an offset is read as UTC (the REST API's bounds are read as the site's zone,
    which is UTC)."""
    return timezone.make_aware(moment, timezone.UTC) if moment is not None and timezone.is_naive(moment) else moment


def _text(value) -> str:
    return "" if value is None else str(value)


def _value(choice):
    """An enum argument's value (graphene hands resolvers the enum's member; its default comes as is)."""
    return getattr(choice, "value", choice)


class ProjectSort(graphene.Enum):
    LEVEL = ProjectOrdering.LEVEL.value
    STARS = ProjectOrdering.STARS.value
    UPDATED = ProjectOrdering.UPDATED.value
    HEALTH = ProjectOrdering.HEALTH.value
    NAME = ProjectOrdering.NAME.value


class EventWhen(graphene.Enum):
    UPCOMING = "upcoming"
    PAST = "past"
    UNDATED = "undated"


class MilestoneState(graphene.Enum):
    OPEN = "open"
    CLOSED = "closed"


class PostType(graphene.ObjectType):
    author_name = graphene.String(required=True)
    author_image_url = graphene.String(required=True)
    published_at = graphene.DateTime(required=True)
    title = graphene.String(required=True)
    url = graphene.String(required=True)

    class Meta:
        name = "PostNode"


class OfferedIssuesType(graphene.ObjectType):
    """One page of the contribute feed, and the cursor of the next one ('' on the last page)."""

    issues = graphene.List(graphene.NonNull(IssueType), required=True)
    next_cursor = graphene.String(required=True)

    class Meta:
        name = "OfferedIssuesPage"


def _scope(login=None, organization=None, project=None, repository=None) -> Scope:
    repository_ids = None
    if project is not None:
        found = ProjectPage.objects.published().with_key(project).first()
        present = Repository.objects.present().filter(project=found) if found else Repository.objects.none()
        repository_ids = list(present.values_list("id", flat=True))
    if repository is not None:
        named = Repository.objects.named(organization, repository) if organization else None
        rows = named if named is not None else Repository.objects.with_name(repository)
        ids = list(rows.values_list("id", flat=True))
        repository_ids = ids if repository_ids is None else [pk for pk in repository_ids if pk in ids]
    return Scope(login=login, organization=organization, repository_ids=repository_ids)


def _recent_arguments(default: int, **extra):
    return {
        "distinct": graphene.Boolean(default_value=False, description="One per author: each author's newest."),
        "limit": limit_argument(default),
        "login": graphene.String(description="Only this GitHub user's."),
        "organization": graphene.String(description="Only this GitHub organization's."),
        **extra,
    }


class Query(SearchQuery, MentorshipQuery, graphene.ObjectType):
    site_name = graphene.String(required=True, description="The name of this Nest site.")

    # One entity, by OWASP Nest's keys.
    project = graphene.Field(ProjectType, key=graphene.String(required=True))
    chapter = graphene.Field(ChapterType, key=graphene.String(required=True))
    committee = graphene.Field(CommitteeType, key=graphene.String(required=True))
    event = graphene.Field(EventType, key=graphene.String(required=True))
    organization = graphene.Field(OrganizationType, login=graphene.String(required=True))
    repository = graphene.Field(
        RepositoryType, organization_key=graphene.String(required=True), repository_key=graphene.String(required=True)
    )
    user = graphene.Field(UserType, login=graphene.String(required=True))
    snapshot = graphene.Field(
        SnapshotType, key=graphene.String(required=True), description="A completed snapshot by its key (any case)."
    )

    # Lists with filters and pages (what the site's list pages show).
    projects = graphene.List(
        graphene.NonNull(ProjectType),
        required=True,
        q=graphene.String(description="Words (prefix match) or an exact tag."),
        level=graphene.String(description="incubator, lab, production or flagship."),
        type=graphene.String(description="code, documentation, tool or other."),
        tag=graphene.String(),
        language=graphene.String(description="A language of its repositories."),
        include_inactive=graphene.Boolean(default_value=False),
        sort=ProjectSort(default_value=ProjectOrdering.LEVEL.value),
        limit=limit_argument(DEFAULT_PAGE),
        offset=offset_argument(),
    )
    chapters = graphene.List(
        graphene.NonNull(ChapterType),
        required=True,
        q=graphene.String(description="Part of the name."),
        region=graphene.String(),
        country=graphene.String(),
        located=graphene.Boolean(description="Only chapters whose place is known (true) or unknown (false)."),
        lat=graphene.Float(description="With lon: nearest first."),
        lon=graphene.Float(),
        limit=limit_argument(DEFAULT_PAGE),
        offset=offset_argument(),
    )
    committees = graphene.List(
        graphene.NonNull(CommitteeType),
        required=True,
        include_inactive=graphene.Boolean(default_value=False),
        limit=limit_argument(DEFAULT_PAGE),
        offset=offset_argument(),
    )
    events = graphene.List(
        graphene.NonNull(EventType),
        required=True,
        category=graphene.String(),
        when=EventWhen(default_value="upcoming"),
        limit=limit_argument(DEFAULT_PAGE),
        offset=offset_argument(),
    )
    repositories = graphene.List(
        graphene.NonNull(RepositoryType),
        required=True,
        organization=graphene.String(description="An organization's repositories, most starred first."),
        project=graphene.String(description="A project's repositories (its key)."),
        limit=limit_argument(12),
        offset=offset_argument(),
    )
    offered_issues = graphene.Field(
        OfferedIssuesType,
        required=True,
        language=graphene.String(),
        project=graphene.String(description="A project's key."),
        label=graphene.String(),
        before=graphene.String(description="The nextCursor of the previous page."),
        limit=limit_argument(DEFAULT_PAGE),
        description="Open issues a newcomer can take, newest first (the contribute feed).",
    )
    snapshots = graphene.List(
        graphene.NonNull(SnapshotType),
        required=True,
        limit=limit_argument(12),
        offset=offset_argument(),
        ordering=graphene.String(description=f"One of {', '.join(Snapshot.ORDERINGS)} (default -created_at)."),
        start_at_gte=graphene.DateTime(description="Only periods starting at or after this moment."),
        start_at_lte=graphene.DateTime(description="Only periods starting at or before this moment."),
        end_at_gte=graphene.DateTime(description="Only periods ending at or after this moment."),
        end_at_lte=graphene.DateTime(description="Only periods ending at or before this moment."),
        description="The completed snapshots, newest first.",
    )
    search_projects = graphene.List(graphene.NonNull(ProjectType), required=True, query=graphene.String(required=True))
    chapter_countries = graphene.List(graphene.NonNull(graphene.String), required=True)

    # The home page's, as OWASP Nest's.
    recent_projects = graphene.List(graphene.NonNull(ProjectType), required=True, limit=limit_argument(8))
    recent_chapters = graphene.List(graphene.NonNull(ChapterType), required=True, limit=limit_argument(8))
    recent_posts = graphene.List(
        graphene.NonNull(PostType),
        required=True,
        limit=limit_argument(5),
        description="OWASP Nest's blog posts are not part of this site: always empty.",
    )
    upcoming_events = graphene.List(graphene.NonNull(EventType), required=True, limit=limit_argument(6))
    sponsors = graphene.List(graphene.NonNull(SponsorType), required=True)
    stats_overview = graphene.Field(StatsType, required=True)
    top_contributors = graphene.List(
        graphene.NonNull(RepositoryContributorType),
        required=True,
        limit=limit_argument(20),
        chapter=graphene.String(),
        committee=graphene.String(),
        excluded_usernames=graphene.List(graphene.NonNull(graphene.String)),
        has_full_name=graphene.Boolean(default_value=False),
        organization=graphene.String(),
        project=graphene.String(),
        repository=graphene.String(),
    )
    recent_issues = graphene.List(
        graphene.NonNull(IssueType), required=True, **_recent_arguments(5), description="The newest issues, any state."
    )
    recent_pull_requests = graphene.List(
        graphene.NonNull(PullRequestType),
        required=True,
        **_recent_arguments(5, project=graphene.String(), repository=graphene.String()),
    )
    recent_releases = graphene.List(graphene.NonNull(ReleaseType), required=True, **_recent_arguments(6))
    recent_milestones = graphene.List(
        graphene.NonNull(MilestoneType), required=True, **_recent_arguments(5, state=MilestoneState())
    )
    top_contributed_repositories = graphene.List(
        graphene.NonNull(RepositoryType), required=True, login=graphene.String(required=True)
    )

    def resolve_site_name(root, info):
        return settings.WAGTAIL_SITE_NAME

    def resolve_project(root, info, key):
        return _one(info, ProjectPage.objects.published().with_key(key))

    def resolve_chapter(root, info, key):
        return _one(info, ChapterPage.objects.published().with_key(key))

    def resolve_committee(root, info, key):
        return _one(info, CommitteePage.objects.published().with_key(key))

    def resolve_event(root, info, key):
        return _one(info, EventPage.objects.published().with_key(key))

    def resolve_organization(root, info, login):
        return _one(info, Organization.objects.with_login(login))

    def resolve_repository(root, info, organization_key, repository_key):
        return _one(info, Repository.objects.named(organization_key, repository_key))

    def resolve_user(root, info, login):
        return _one(info, User.objects.with_login(login))

    def resolve_snapshot(root, info, key):
        return _one(info, Snapshot.objects.completed().by_key(key))

    def resolve_snapshots(root, info, limit, offset, ordering=None, **bounds):
        limit, offset = checked_limit(limit, default=12), checked_offset(offset)
        try:
            bounds = {name: _aware(value) for name, value in bounds.items()}
            snapshots = Snapshot.objects.completed().dated(**bounds).ordered(ordering or None)
        except InvalidOrdering as exc:
            raise bad_argument("ordering", str(exc)) from None
        return observed(info, window(snapshots, limit, offset))

    def resolve_projects(root, info, limit, offset, include_inactive, sort, **filters):
        limit, offset = checked_limit(limit, default=DEFAULT_PAGE), checked_offset(offset)
        data = {name: _text(value) for name, value in filters.items() if value is not None}
        data["sort"] = _value(sort)
        if include_inactive:
            data["active"] = "all"
        projects = ProjectPage.objects.published().with_figures().with_health(latest_health_date())
        listing = ProjectFilter(data, queryset=projects)
        return observed(info, window(_filtered(listing, {"active": "includeInactive"}), limit, offset))

    def resolve_chapters(root, info, limit, offset, located=None, **filters):
        limit, offset = checked_limit(limit, default=DEFAULT_PAGE), checked_offset(offset)
        if (filters.get("lat") is None) != (filters.get("lon") is None):
            raise bad_argument("lat", _("lat and lon go together."))
        data = {name: _text(value) for name, value in filters.items() if value is not None}
        if located is not None:
            data["located"] = "yes" if located else "no"
        listing = ChapterFilter(data, queryset=ChapterPage.objects.listed())
        return observed(info, window(_filtered(listing, {}), limit, offset))

    def resolve_committees(root, info, limit, offset, include_inactive):
        limit, offset = checked_limit(limit, default=DEFAULT_PAGE), checked_offset(offset)
        pages = CommitteePage.objects.published() if include_inactive else CommitteePage.objects.listed()
        return observed(info, window(pages.by_name(), limit, offset))

    def resolve_events(root, info, limit, offset, when, category=None):
        limit, offset = checked_limit(limit, default=DEFAULT_PAGE), checked_offset(offset)
        listing = EventFilter({"category": _text(category)}, queryset=EventPage.objects.listed())
        events = _filtered(listing, {})
        today = timezone.now().date()
        when = _value(when)
        if when == EventWhen.PAST.value:
            events = events.past(today)
        elif when == EventWhen.UNDATED.value:
            events = events.undated()
        else:
            events = events.upcoming(today)
        return observed(info, window(events, limit, offset))

    def resolve_repositories(root, info, limit, offset, organization=None, project=None):
        limit, offset = checked_limit(limit, default=12), checked_offset(offset)
        repositories = Repository.objects.present()
        if organization is not None:
            repositories = repositories.filter(organization__in=Organization.objects.with_login(organization))
        if project is not None:
            repositories = repositories.filter(project__in=ProjectPage.objects.published().with_key(project))
        return observed(info, window(repositories.order_by("-stars_count", "name", "id"), limit, offset))

    def resolve_offered_issues(root, info, limit, **filters):
        limit = checked_limit(limit, default=DEFAULT_PAGE)
        data = {name: _text(value) for name, value in filters.items() if value is not None}
        if "project" in data:
            project = ProjectPage.objects.published().with_key(data["project"]).first()
            data["project"] = project.slug if project else data["project"]
        listing = OfferedIssueFilter(data)
        if not listing.is_valid():
            name, messages = next(iter(listing.errors.items()))
            raise bad_argument(name, " ".join(str(message) for message in messages))
        page = offered_page(listing.offered(), page_size=limit) if limit else None
        issues = observed(info, page.issues) if page else []
        return OfferedIssuesType(issues=issues, next_cursor=page.next_cursor if page else "")

    def resolve_search_projects(root, info, query):
        query = query.strip()
        if len(query) < MIN_SEARCH_LENGTH:
            return []
        ids = search_ids(query, limit=SEARCH_RESULTS * 4)
        by_id = ProjectPage.objects.listed().in_bulk(ids)
        return observed(info, [by_id[pk] for pk in ids if pk in by_id][:SEARCH_RESULTS])

    def resolve_chapter_countries(root, info):
        return ChapterPage.objects.listed().countries()

    def resolve_recent_projects(root, info, limit):
        limit = checked_limit(limit, default=8)
        return observed(info, window(ProjectPage.objects.listed().recently_created(), limit))

    def resolve_recent_chapters(root, info, limit):
        limit = checked_limit(limit, default=8)
        return observed(info, window(ChapterPage.objects.listed().recently_created(), limit))

    def resolve_recent_posts(root, info, limit):
        checked_limit(limit, default=5)
        return []

    def resolve_upcoming_events(root, info, limit):
        limit = checked_limit(limit, default=6)
        return observed(info, window(EventPage.objects.listed().upcoming(timezone.now().date()), limit))

    def resolve_sponsors(root, info):
        return list(Sponsor.objects.active().by_tier())

    def resolve_stats_overview(root, info):
        return site_stats()

    def resolve_top_contributors(root, info, limit, has_full_name, excluded_usernames=None, **scope):
        limit = checked_limit(limit, default=20)
        given = {name: value for name, value in scope.items() if value is not None}
        project = None
        repository_ids: list[int] | None = None
        if "project" in given:
            project = ProjectPage.objects.published().with_key(given["project"]).first()
            repository_ids = list(Repository.objects.present().filter(project=project).values_list("id", flat=True))
        for kind, model in (("chapter", ChapterPage), ("committee", CommitteePage)):
            if kind in given:
                page = model.objects.published().with_key(given[kind]).first()
                found = site_repositories([page.pk]).get(page.pk) if page else None
                repository_ids = _within(repository_ids, [found.pk] if found else [])
        if "organization" in given or "repository" in given:
            ids = _scope(organization=given.get("organization"), repository=given.get("repository")).repository_ids
            if ids is None:  # an organization alone
                organizations = Organization.objects.with_login(given["organization"])
                ids = list(
                    Repository.objects.present().filter(organization__in=organizations).values_list("id", flat=True)
                )
            repository_ids = _within(repository_ids, ids)
        rows = top_contributors(
            repository_ids, limit=limit, excluded_logins=excluded_usernames or (), with_full_name=has_full_name
        )
        return contributor_rows(rows, project=project)

    def resolve_recent_issues(root, info, distinct, limit, login=None, organization=None):
        limit = checked_limit(limit, default=5)
        scope = _scope(login=login, organization=organization)
        return observed(info, recent_issues(limit, scope=scope, distinct=distinct))

    def resolve_recent_pull_requests(root, info, distinct, limit, **scope):
        limit = checked_limit(limit, default=5)
        return observed(info, recent_pull_requests(limit, scope=_scope(**scope), distinct=distinct))

    def resolve_recent_releases(root, info, distinct, limit, login=None, organization=None):
        limit = checked_limit(limit, default=6)
        scope = _scope(login=login, organization=organization)
        return observed(info, recent_releases_by(limit, scope=scope, distinct=distinct))

    def resolve_recent_milestones(root, info, distinct, limit, state=None, login=None, organization=None):
        limit = checked_limit(limit, default=5)
        scope = _scope(login=login, organization=organization)
        milestones = recent_milestones(limit, scope=scope, state=_value(state), distinct=distinct)
        return observed(info, milestones)

    def resolve_top_contributed_repositories(root, info, login):
        user = User.objects.with_login(login).first()
        if user is None:
            return []
        rows = top_contributions([user.pk], limit=MAX_LIMIT)[user.pk]
        return observed(info, [row.repository for row in rows])


def _one(info, queryset):
    found = queryset.first()
    if found is not None:
        observed(info, [found])
    return found


def _within(current: list[int] | None, ids: list[int]) -> list[int]:
    return ids if current is None else [pk for pk in current if pk in ids]

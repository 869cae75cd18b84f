"""Projects: the searchable, filterable, sortable list, and a project's detail."""

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, Func, Max, OuterRef, QuerySet
from django.db.models.functions import JSONObject

from apps.github.models import ProjectFigures, ProjectHealthRecord, Repository
from apps.github.services.contributors import top_contributors
from apps.github.services.freshness import Freshness
from apps.github.services.issues import latest_open_issues
from apps.github.services.languages import language_shares, summed_languages
from apps.github.services.leaders import page_leaders
from apps.github.services.releases import latest_releases
from apps.github.services.status import GitHubStatus
from cms.filters import ProjectFilter
from cms.models import ProjectPage, ProjectType
from cms.models.projects import ProjectOrdering
from theme.cache import Fragment, PageParameters, cached, cached_many
from theme.cache_groups import PROJECTS
from theme.selectors.common import page_parameters, paginate

LIST_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "name",
    "pitch",
    "level",
    "project_type",
    "tags",
    "is_active",
    "updated_on",
    "last_synced_at",
    "sync_source",
)
HEALTH_DAYS = 365
REPOSITORIES_SHOWN = 30
LANGUAGES_SHOWN = 8


def public_projects(*, include_inactive: bool = False) -> QuerySet:
    """Listed projects (every published one when asked); the contribute feed's filter reads these."""
    return ProjectPage.objects.published() if include_inactive else ProjectPage.objects.listed()


def latest_health_date():
    """The day of the newest health records (the daily run scores every active project that day)."""
    return ProjectHealthRecord.objects.aggregate(latest=Max("date"))["latest"]


@dataclass
class ProjectListing:
    page: object
    filter: ProjectFilter
    filters: dict
    sort: str
    tags: list[str]
    languages: list[str]
    levels: list
    types: list
    sorts: list
    synced_at: object
    total: int
    parameters: PageParameters


def project_listing(params) -> ProjectListing:
    """Projects matching ``params`` (see ``ProjectFilter``; ``page`` is forgiving): 3 queries (ids, their
    count, the page's rows), 1 cache round trip for the options and 1 for the count when warm."""
    latest, tags, languages, synced_at = cached_many(
        Fragment("health-latest-date", latest_health_date, groups=(PROJECTS,)),
        Fragment("project-tags", lambda: all_tags(ProjectPage.objects.listed()), groups=(PROJECTS,)),
        Fragment("project-languages", project_languages, groups=(PROJECTS,)),
        Fragment("projects-synced", lambda: ProjectPage.objects.listed().newest_sync(), groups=(PROJECTS,)),
    )
    listing = ProjectFilter(params, queryset=ProjectPage.objects.published())
    sort = ProjectOrdering(listing.value("sort") or ProjectOrdering.LEVEL)
    if sort.needs_figures:
        listing.queryset = listing.queryset.with_figures().with_health(latest)
    # Ids first, narrow (the filters and the order), then the rows of the page with their figures: joining
    # every project's figures and health before sorting reads them all to show 24.
    ids = listing.qs.values_list("pk", flat=True)
    # The count of each valid combination of filters (the order aside), kept until the projects change.
    filters = sorted((name, value) for name, value in listing.normalized().items() if name != "sort")
    count = cached("projects-count", ids.count, urlencode(filters), groups=[PROJECTS]) if listing.is_valid() else None
    page = paginate(ids, params.get("page"), count=count)
    page.object_list = in_order(
        list(page.object_list),
        ProjectPage.objects.only(*LIST_FIELDS).with_figures().with_health(latest),
    )
    return ProjectListing(
        page=page,
        filter=listing,
        filters={name: listing.value(name) for name in listing.filters},
        sort=sort,
        tags=tags,
        languages=languages,
        levels=listing.filters["level"].extra["choices"],
        types=ProjectType.choices,
        sorts=ProjectOrdering.choices,
        synced_at=synced_at,
        total=page.paginator.count,
        parameters=page_parameters(listing, page),
    )


def in_order(ids: list[int], queryset: QuerySet) -> list:
    """The rows of ``queryset`` with these ids, in the order of ``ids`` (1 query, none for no id)."""
    if not ids:
        return []
    by_id = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def newest_sync(pages: QuerySet):
    return pages.newest_sync()


def all_tags(projects: QuerySet) -> list[str]:
    """Every tag used by these projects (1 query)."""
    unnest = Func(F("tags"), function="unnest")
    rows = projects.order_by().annotate(tag=unnest).values_list("tag", flat=True).distinct().order_by("tag")
    return [tag for tag in rows if tag]


def project_languages() -> list[str]:
    """Every language of a project's repositories, from the precomputed project figures (1 query)."""
    keys = Func(F("languages"), function="jsonb_object_keys")
    rows = ProjectFigures.objects.annotate(language=keys).values_list("language", flat=True).distinct()
    return sorted(language for language in rows if language)


HEALTH_POINT = ("date", "score", "repositories_count", "synced_at")  # a score, and how fresh it is


def figures_and_health(project: ProjectPage) -> tuple[ProjectFigures | None, list[dict]]:
    """The project's figures (what its page shows of them) and its last ``HEALTH_DAYS`` health scores, oldest
    first, as ``{"date", "score", "repositories_count", "synced_at"}`` (the source of each score, for
    ``GitHubStatus.health``): 1 query (the scores an array beside the figures), 2 for a project without
    figures."""
    newest_first = ProjectHealthRecord.objects.order_by("-date")
    figures = (
        ProjectFigures.objects.filter(project=project)
        .only("project_id", "contributors_count", "repositories_count", "synced_at")
        .annotate(
            scores=ArraySubquery(
                newest_first.filter(project=OuterRef("project_id")).values(
                    row=JSONObject(**{name: name for name in HEALTH_POINT})
                )[:HEALTH_DAYS]
            )
        )
        .first()
    )
    if figures is None:
        rows = list(newest_first.filter(project=project).values(*HEALTH_POINT)[:HEALTH_DAYS])
    else:
        rows = [
            {
                **row,
                "date": date.fromisoformat(row["date"]),
                "synced_at": datetime.fromisoformat(row["synced_at"]) if row["synced_at"] else None,
            }
            for row in figures.scores
        ]
    return figures, rows[::-1]


@dataclass
class ProjectHealth:
    """A project's health as its page shows it: the latest score and the chart's daily scores, each known or
    unknown as its source says (``GitHubStatus.health``, apps.github.services.freshness)."""

    fresh: Freshness
    score: int | None
    chart: dict
    any_known: bool


def project_health(history: list[dict], status: GitHubStatus) -> ProjectHealth:
    """``history`` (``figures_and_health``'s, oldest first) for this request's GitHub status: an unknown
    day's score is None (a gap in the chart, never a 0), the latest's freshness says as of when or why not."""
    latest = history[-1] if history else None
    fresh = status.health(latest)
    scores = [status.health(row).value(row["score"]) for row in history]
    return ProjectHealth(
        fresh=fresh,
        score=fresh.value(latest["score"]) if latest else None,
        chart={"labels": [row["date"].isoformat() for row in history], "scores": scores},
        any_known=any(score is not None for score in scores),
    )


def project_detail(project: ProjectPage, *, issues: int = 10, releases: int = 5, contributors: int = 12) -> dict:
    """A project's leaders, figures, health history, repositories, latest releases and open issues and top
    contributors (8 queries, whatever the number of repositories or issues)."""
    repositories = list(
        Repository.objects.present()
        .filter(project=project)
        .only(
            "id",
            "owner_login",
            "name",
            "full_name",
            "description",
            "language",
            "languages",
            "stars_count",
            "forks_count",
            "is_archived",
            "pushed_at",
            "synced_at",
            "project_id",
        )
        .order_by("-stars_count", "name")
    )
    repository_ids = [repository.pk for repository in repositories]
    by_id = {repository.pk: repository for repository in repositories}
    latest_issues = latest_open_issues(repository_ids, limit=issues)
    latest = latest_releases(repository_ids, limit=releases)
    for row in [*latest_issues, *latest]:
        row.repository = by_id[row.repository_id]
    figures, history = figures_and_health(project)
    return {
        "figures": figures,
        "health": history,  # shown through project_health, with the request's GitHub status
        "leaders": page_leaders(project.pk),
        "repositories": repositories[:REPOSITORIES_SHOWN],
        "repositories_count": len(repositories),
        "stars": sum(repository.stars_count for repository in repositories),
        "forks": sum(repository.forks_count for repository in repositories),
        "languages": language_shares(
            summed_languages(repository.languages for repository in repositories), limit=LANGUAGES_SHOWN
        ),
        "issues": latest_issues,
        "releases": latest,
        "contributors": top_contributors(repository_ids, limit=contributors),
        "synced_at": max((repository.synced_at for repository in repositories), default=None),
    }

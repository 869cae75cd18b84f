"""Projects: the searchable, filterable, sortable list, search as you type, and a project's detail."""

from dataclasses import dataclass

from django.db.models import F, FilteredRelation, Func, Max, Q, QuerySet
from wagtail.search.backends import get_search_backend

from apps.github.models import ProjectFigures, ProjectHealthRecord, Repository
from apps.github.services.contributors import top_contributors
from apps.github.services.issues import latest_open_issues
from apps.github.services.languages import language_shares, summed_languages
from apps.github.services.leaders import page_leaders
from apps.github.services.releases import latest_releases
from cms.models import ProjectLevel, ProjectPage, ProjectType
from theme.cache import cached
from theme.selectors.common import clean_text, paginate

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
SORTS = {
    "stars": (F("stars").desc(nulls_last=True), "title"),
    "updated": (F("last_pushed").desc(nulls_last=True), F("updated_on").desc(nulls_last=True), "title"),
    "health": (F("health").desc(nulls_last=True), "title"),
    "name": ("title", "id"),
}
SEARCH_LIMIT = 200
HEALTH_DAYS = 365
REPOSITORIES_SHOWN = 30
LANGUAGES_SHOWN = 8
SUGGESTIONS = 8


def public_projects(*, include_inactive: bool = False) -> QuerySet:
    queryset = ProjectPage.objects.live().public()
    return queryset if include_inactive else queryset.filter(is_active=True)


def latest_health_date():
    """The day of the newest health records (the daily run scores every active project that day)."""
    return ProjectHealthRecord.objects.aggregate(latest=Max("date"))["latest"]


def search_ids(query: str, *, limit: int = SEARCH_LIMIT) -> list[int]:
    """Live projects whose title, name, pitch or description match ``query`` as typed (prefix match), through
    Wagtail's PostgreSQL full-text index (GIN), best first; plus projects tagged exactly ``query``.
    The caller applies its own filters to these ids (the search index only knows its FilterFields)."""
    backend = get_search_backend()
    live = ProjectPage.objects.live()
    ids = [page.pk for page in backend.autocomplete(query, live, fields=None)[:limit]]
    tagged = live.filter(tags__contains=[query.lower()]).values_list("pk", flat=True)[:limit]
    return list(dict.fromkeys([*ids, *tagged]))


@dataclass
class ProjectListing:
    page: object
    filters: dict
    sort: str
    tags: list[str]
    languages: list[str]
    levels: list
    types: list
    synced_at: object
    total: int


def project_listing(params) -> ProjectListing:
    """Projects matching ``params`` (q, level, type, tag, language, active, sort, page); 6 queries at most."""
    filters = {
        "q": clean_text(params.get("q")),
        "level": clean_text(params.get("level")),
        "type": clean_text(params.get("type")),
        "tag": clean_text(params.get("tag")),
        "language": clean_text(params.get("language")),
        "active": "all" if params.get("active") == "all" else "",
    }
    sort = params.get("sort") if params.get("sort") in SORTS else "stars"
    base = public_projects()  # .public() reads the view restrictions once, here
    queryset = base if filters["active"] != "all" else public_projects(include_inactive=True)
    if filters["level"] in ProjectLevel.values:
        queryset = queryset.filter(level=filters["level"])
    if filters["type"] in ProjectType.values:
        queryset = queryset.filter(project_type=filters["type"])
    if filters["tag"]:
        queryset = queryset.filter(tags__contains=[filters["tag"]])
    if filters["language"]:
        queryset = queryset.filter(figures__languages__has_key=filters["language"])
    if len(filters["q"]) >= 2:
        queryset = queryset.filter(pk__in=search_ids(filters["q"]))
    queryset = queryset.only(*LIST_FIELDS).annotate(
        stars=F("figures__stars_count"),
        forks=F("figures__forks_count"),
        contributors=F("figures__contributors_count"),
        open_issues=F("figures__open_issues_count"),
        last_pushed=F("figures__last_pushed_at"),
    )
    # Each project's score of the latest health run: a LEFT JOIN on the (project, date) unique key.
    latest = cached("health-latest-date", latest_health_date)
    queryset = queryset.annotate(
        latest_health=FilteredRelation("health_records", condition=Q(health_records__date=latest)),
        health=F("latest_health__score"),
    )
    page = paginate(queryset.order_by(*SORTS[sort]), params.get("page"))
    return ProjectListing(
        page=page,
        filters=filters,
        sort=sort,
        tags=cached("project-tags", lambda: all_tags(public_projects())),
        languages=cached("project-languages", project_languages),
        levels=[choice for choice in ProjectLevel.choices if choice[0] != ProjectLevel.UNKNOWN],
        types=ProjectType.choices,
        synced_at=cached("projects-synced", lambda: newest_sync(base)),
        total=page.paginator.count,
    )


def newest_sync(pages: QuerySet):
    return pages.order_by("-last_synced_at").values_list("last_synced_at", flat=True).first()


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


def suggestions(query: str) -> list:
    """Search as you type: the best few projects for what was typed so far (2 queries)."""
    query = clean_text(query)
    if len(query) < 2:
        return []
    ids = search_ids(query, limit=SUGGESTIONS * 2)
    by_id = {page.pk: page for page in public_projects().filter(pk__in=ids).only(*LIST_FIELDS)}
    return [by_id[pk] for pk in ids if pk in by_id][:SUGGESTIONS]


def project_detail(project: ProjectPage, *, issues: int = 10, releases: int = 5, contributors: int = 12) -> dict:
    """A project's leaders, figures, health history, repositories, latest releases and open issues and top
    contributors (9 queries, whatever the number of repositories or issues)."""
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
    history = list(
        ProjectHealthRecord.objects.filter(project=project).order_by("-date").values("date", "score")[:HEALTH_DAYS]
    )[::-1]
    return {
        "figures": ProjectFigures.objects.filter(project=project).first(),
        "health": history,
        "score": history[-1]["score"] if history else None,
        "health_chart": {
            "labels": [row["date"].isoformat() for row in history],
            "scores": [row["score"] for row in history],
        },
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

"""OWASP projects: ``ProjectIndexPage`` (/projects/) and one ``ProjectPage`` per www-project-* repository."""

import datetime

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Case, Exists, F, FilteredRelation, OuterRef, Q, Value, When
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from cms.field_map import SyncedField
from cms.models.base import COMMON_SYNCED_MAP, OwaspPage, OwaspPageQuerySet
from cms.presentation import PresentedPageMixin
from cms.restrictions import CachedRestrictionsMixin


class ProjectLevel(models.TextChoices):
    """OWASP's numeric levels: 2 incubator, 3 lab, 3.5 production, 4 flagship; -1 or missing: unknown."""

    INCUBATOR = "incubator", _("Incubator")
    LAB = "lab", _("Lab")
    PRODUCTION = "production", _("Production")
    FLAGSHIP = "flagship", _("Flagship")
    UNKNOWN = "unknown", _("Unknown")


# Best first: the order of "sort by level", and the rank that order reads.
LEVEL_RANKS = {
    ProjectLevel.FLAGSHIP: 4,
    ProjectLevel.PRODUCTION: 3,
    ProjectLevel.LAB: 2,
    ProjectLevel.INCUBATOR: 1,
}


class ProjectOrdering(models.TextChoices):
    """The orders a project list offers; every one ends with the name (case-insensitive), then the id."""

    LEVEL = "level", "Level"
    STARS = "stars", "Stars"
    UPDATED = "updated", "Recently updated"
    HEALTH = "health", "Health"
    NAME = "name", "Name"

    @property
    def needs_figures(self) -> bool:
        """Whether this order reads the projects' figures and health (``with_figures()``, ``with_health()``)."""
        return self in (ProjectOrdering.STARS, ProjectOrdering.UPDATED, ProjectOrdering.HEALTH)


class ProjectType(models.TextChoices):
    CODE = "code", _("Code")
    DOCUMENTATION = "documentation", _("Documentation")
    TOOL = "tool", _("Tool")
    OTHER = "other", _("Other")


class ProjectPageQuerySet(OwaspPageQuerySet):
    def matching(self, query: str, *, limit: int = 200):
        """Projects whose title, name, pitch or description match ``query`` as typed (prefix match), or that
        are tagged exactly ``query``; in no particular order (see ``search_ids`` for the ranked ids)."""
        return self.filter(pk__in=search_ids(query, limit=limit))

    def gsoc(self, year: int):
        """Projects taking part in Google Summer of Code ``year``: those tagged ``gsoc<year>`` (OWASP's tag for
        it, as OWASP Nest reads it), by name."""
        return self.filter(tags__contains=[f"gsoc{year}"]).order_by(Lower("title"), "id")

    def released_in(self, year: int):
        """Projects with a published release (not a draft) of one of their present repositories in ``year``
        (UTC), as the releases lists count them."""
        from apps.github.models import Release

        start = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
        releases = Release.objects.published().filter(
            repository__project=OuterRef("pk"),
            repository__is_gone=False,
            published_at__gte=start,
            published_at__lt=start.replace(year=year + 1),
        )
        return self.filter(Exists(releases))

    def with_figures(self):
        """Each project's GitHub figures (repositories, stars, forks, contributors, open issues, last push) from the
        precomputed project figures, and their sync time (``github_synced_at``, see
        ``apps.github.services.freshness``); None where they were never computed."""
        return self.annotate(
            repositories_linked=F("figures__repositories_count"),
            github_synced_at=F("figures__synced_at"),
            stars=F("figures__stars_count"),
            forks=F("figures__forks_count"),
            contributors=F("figures__contributors_count"),
            open_issues=F("figures__open_issues_count"),
            last_pushed=F("figures__last_pushed_at"),
        )

    def with_health(self, on):
        """Each project's health score of the run of day ``on`` (a LEFT JOIN on the (project, date) unique
        key): None for a project not scored that day, or scored while none of its repositories was synced (an
        unknown score, ``apps.github.models.health.known_health``); with how fresh it is (``health_synced_at``,
        ``health_repositories``, ``health_scored``: see ``apps.github.services.freshness.health_freshness``)."""
        from apps.github.models.health import known_health  # the GitHub models import cms: read at call time

        return self.annotate(
            health_on_day=FilteredRelation("health_records", condition=Q(health_records__date=on)),
            health=Case(When(known_health("health_on_day__"), then=F("health_on_day__score")), default=None),
            health_synced_at=F("health_on_day__synced_at"),
            health_repositories=F("health_on_day__repositories_count"),
            health_scored=F("health_on_day__date"),
        )

    def ordered(self, ordering: str = ProjectOrdering.LEVEL):
        """In one of ``ProjectOrdering``'s orders (stars, updated and health need ``with_figures()`` and
        ``with_health()``); ties broken by name, case-insensitive, then id, so the order is always the same."""
        tie_break = (Lower("title"), "id")
        if ordering == ProjectOrdering.NAME:
            return self.order_by(*tie_break)
        if ordering == ProjectOrdering.STARS:
            return self.order_by(F("stars").desc(nulls_last=True), *tie_break)
        if ordering == ProjectOrdering.UPDATED:
            return self.order_by(
                F("last_pushed").desc(nulls_last=True), F("updated_on").desc(nulls_last=True), *tie_break
            )
        if ordering == ProjectOrdering.HEALTH:
            return self.order_by(F("health").desc(nulls_last=True), *tie_break)
        rank = Case(*(When(level=level, then=Value(r)) for level, r in LEVEL_RANKS.items()), default=Value(0))
        return self.annotate(level_rank=rank).order_by("-level_rank", *tie_break)


def search_ids(query: str, *, limit: int = 200) -> list[int]:
    """Live projects whose title, name, pitch or description match ``query`` as typed (prefix match), through
    Wagtail's PostgreSQL full-text index (GIN), best first; plus projects tagged exactly ``query``.
    The caller applies its own filters to these ids (the search index only knows its FilterFields)."""
    if "\x00" in query:  # PostgreSQL text cannot hold it: no project can match
        return []
    backend = get_search_backend()
    live = ProjectPage.objects.live()
    ids = [page.pk for page in backend.autocomplete(query, live, fields=None)[:limit]]
    tagged = live.filter(tags__contains=[query.lower()]).values_list("pk", flat=True)[:limit]
    return list(dict.fromkeys([*ids, *tagged]))


class ProjectIndexPage(CachedRestrictionsMixin, PresentedPageMixin, Page):
    """/projects/: every OWASP project."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ProjectPage"]
    max_count = 1

    class Meta:
        verbose_name = "project index page"


class ProjectPage(OwaspPage):
    """An OWASP project. Synced from OWASP's site data and its www-project-* repository; editors may override."""

    key_prefixes = ("www-project-",)

    inactive_label = gettext_noop("Inactive project.")

    level = models.CharField(max_length=16, choices=ProjectLevel.choices, default=ProjectLevel.UNKNOWN)
    project_type = models.CharField("type", max_length=16, choices=ProjectType.choices, default=ProjectType.OTHER)
    licenses = ArrayField(models.CharField(max_length=100), default=list, blank=True, help_text="Comma-separated.")

    synced_map = COMMON_SYNCED_MAP + (
        SyncedField("level"),
        SyncedField("project_type"),
        SyncedField("licenses"),
        SyncedField("links", columns=("url", "title", "kind", "section")),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("level"), FieldPanel("project_type"), FieldPanel("licenses")], "Classification"),
        *OwaspPage.common_panels,
        InlinePanel("links", label="Link", heading="Repositories and links"),
    ]
    objects = PageManager.from_queryset(ProjectPageQuerySet)()

    search_fields = OwaspPage.search_fields + [index.FilterField("level"), index.FilterField("project_type")]
    parent_page_types = ["cms.ProjectIndexPage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = "project page"
        indexes = [models.Index(fields=["level"], name="cms_projectpage_level")]

    # Django's generated get_<field>_display rebuilds a hashable copy of the field's choices on every call: a
    # list of projects calls these for each card. The labels are looked up in a dict made once instead.
    def get_level_display(self):
        return _LEVEL_LABELS.get(self.level, self.level)

    def get_project_type_display(self):
        return _TYPE_LABELS.get(self.project_type, self.project_type)


_LEVEL_LABELS = dict(ProjectLevel.choices)
_TYPE_LABELS = dict(ProjectType.choices)


class LinkKind(models.TextChoices):
    REPOSITORY = "repository", "Code repository"
    LINK = "link", "Link"


class ProjectLink(Orderable):
    """A project's code repository or other link, from project.owasp.yaml, index.md and info.md."""

    page = ParentalKey("cms.ProjectPage", on_delete=models.CASCADE, related_name="links")
    url = models.URLField(max_length=500)
    title = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=16, choices=LinkKind.choices, default=LinkKind.LINK)
    section = models.CharField(max_length=100, blank=True, help_text="Heading it was listed under, e.g. 'Sources'.")

    panels = [FieldPanel("url"), FieldPanel("title"), FieldPanel("kind"), FieldPanel("section")]

    class Meta(Orderable.Meta):
        verbose_name = "project link"

    def __str__(self) -> str:
        return self.title or self.url

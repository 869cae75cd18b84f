"""OWASP projects: ``ProjectIndexPage`` (/projects/) and one ``ProjectPage`` per www-project-* repository."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.field_map import SyncedField
from cms.models.base import COMMON_SYNCED_MAP, OwaspPage


class ProjectLevel(models.TextChoices):
    """OWASP's numeric levels: 2 incubator, 3 lab, 3.5 production, 4 flagship; -1 or missing: unknown."""

    INCUBATOR = "incubator", _("Incubator")
    LAB = "lab", _("Lab")
    PRODUCTION = "production", _("Production")
    FLAGSHIP = "flagship", _("Flagship")
    UNKNOWN = "unknown", _("Unknown")


class ProjectType(models.TextChoices):
    CODE = "code", _("Code")
    DOCUMENTATION = "documentation", _("Documentation")
    TOOL = "tool", _("Tool")
    OTHER = "other", _("Other")


class ProjectIndexPage(Page):
    """/projects/: every OWASP project."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ProjectPage"]
    max_count = 1

    class Meta:
        verbose_name = "project index page"

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import public_projects

        context = super().get_context(request, *args, **kwargs)
        context["projects"] = public_projects().child_of(self).order_by("title")
        return context


class ProjectPage(OwaspPage):
    """An OWASP project. Synced from OWASP's site data and its www-project-* repository; editors may override."""

    inactive_label = "Inactive project."

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
    search_fields = OwaspPage.search_fields + [index.FilterField("level"), index.FilterField("project_type")]
    parent_page_types = ["cms.ProjectIndexPage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = "project page"
        indexes = [models.Index(fields=["level"], name="cms_projectpage_level")]


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

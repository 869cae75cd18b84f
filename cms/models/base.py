"""``OwaspPage``: what projects, chapters, committees and events share, and what OWASP's data says of all four."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.field_map import SyncedField
from cms.forms import SyncedPageForm
from cms.models.mixins import SyncedMixin

COMMON_SYNCED_MAP = (
    SyncedField("title"),
    SyncedField("name"),
    SyncedField("pitch"),
    SyncedField("description", upstream="description_html"),
    SyncedField("tags"),
    SyncedField("website"),
    SyncedField("source_repository"),
    SyncedField("created_on"),
    SyncedField("updated_on"),
    SyncedField("leaders", columns=("name", "email", "github_login", "role")),
)


class OwaspPage(SyncedMixin, Page):
    """The concrete parent of ProjectPage, ChapterPage, CommitteePage and EventPage (never created alone).

    Leaders hang off this table, so one Leader model serves all four page types.
    """

    name = models.CharField(max_length=200, blank=True, help_text="Short name, e.g. 'Juice Shop'.")
    pitch = models.TextField(blank=True, help_text="One or two sentences saying what it is.")
    description = RichTextField(blank=True)
    tags = ArrayField(models.CharField(max_length=100), default=list, blank=True, help_text="Comma-separated.")
    website = models.URLField(max_length=500, blank=True)
    source_repository = models.URLField(
        max_length=500, blank=True, help_text="The OWASP www-* repository this page's data comes from."
    )
    created_on = models.DateField(null=True, blank=True, help_text="When OWASP created the entity's site.")
    updated_on = models.DateField(null=True, blank=True, help_text="When OWASP's site data last changed.")

    synced_map = COMMON_SYNCED_MAP
    base_form_class = SyncedPageForm
    is_creatable = False
    parent_page_types: list[str] = []
    subpage_types: list[str] = []

    common_panels = [
        FieldPanel("name"),
        FieldPanel("pitch"),
        FieldPanel("description"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("source_repository"),
                FieldPanel("created_on"),
                FieldPanel("updated_on"),
            ],
            heading="Links and dates",
        ),
        InlinePanel("leaders", label="Leader", heading="Leaders"),
    ]
    promote_panels = Page.promote_panels + SyncedMixin.sync_panels
    search_fields = Page.search_fields + [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("pitch"),
        index.SearchField("description"),
        index.FilterField("is_active"),
    ]

    class Meta:
        verbose_name = "OWASP page"
        indexes = [GinIndex(fields=["tags"], name="cms_owasppage_tags_gin")]

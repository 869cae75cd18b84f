"""OWASP chapters: ``ChapterIndexPage`` (/chapters/) and one ``ChapterPage`` per www-chapter-* repository."""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from cms.field_map import SyncedField
from cms.models.base import COMMON_SYNCED_MAP, OwaspPage


class LocationPrecision(models.TextChoices):
    """How precise the coordinates are: given by the chapter, or looked up from its city or country."""

    EXACT = "exact", "Exact (from the chapter's data)"
    POSTAL = "postal", "Postal code (ZIP code's city)"
    CITY = "city", "City (gazetteer)"
    COUNTRY = "country", "Country (placed at its capital)"
    NONE = "", "Unknown"

    @classmethod
    def approximate_label(cls, value: str) -> str:
        """What the public page says about coordinates looked up rather than given: '' when exact or unknown."""
        return {cls.POSTAL: "postal code", cls.CITY: "city", cls.COUNTRY: "country"}.get(value, "")


class ChapterIndexPage(Page):
    """/chapters/: every OWASP chapter."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ChapterPage"]
    max_count = 1

    class Meta:
        verbose_name = "chapter index page"

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import public_chapters

        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = public_chapters().child_of(self).order_by("title")
        return context


class ChapterPage(OwaspPage):
    """An OWASP chapter with where it meets. Synced from OWASP's site data and its www-chapter-* repository."""

    country = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    city = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=40, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    location_precision = models.CharField(
        max_length=8, choices=LocationPrecision.choices, default=LocationPrecision.NONE, blank=True
    )
    meetup_group = models.CharField(max_length=200, blank=True)

    synced_map = COMMON_SYNCED_MAP + tuple(
        SyncedField(name)
        for name in (
            "country",
            "region",
            "city",
            "postal_code",
            "latitude",
            "longitude",
            "location_precision",
            "meetup_group",
        )
    )

    content_panels = Page.content_panels + [
        *OwaspPage.common_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("city"), FieldPanel("postal_code")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude"), FieldPanel("location_precision")]),
                FieldPanel("meetup_group"),
            ],
            heading="Location",
        ),
    ]
    search_fields = OwaspPage.search_fields + [
        index.SearchField("country"),
        index.SearchField("city"),
        index.FilterField("country"),
        index.FilterField("region"),
    ]
    parent_page_types = ["cms.ChapterIndexPage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = "chapter page"

    @property
    def location_approximation(self) -> str:
        """'' when the chapter gave its coordinates (or has none), else what they were looked up from."""
        return LocationPrecision.approximate_label(self.location_precision)

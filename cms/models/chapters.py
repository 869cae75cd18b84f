"""OWASP chapters: ``ChapterIndexPage`` (/chapters/) and one ``ChapterPage`` per www-chapter-* repository."""

from django.db import models
from django.db.models import BooleanField, Case, ExpressionWrapper, F, FloatField, Q, Value, When
from django.db.models.functions import ASin, Cos, Least, Lower, Power, Radians, Sin, Sqrt
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page, PageManager
from wagtail.search import index

from cms.field_map import SyncedField
from cms.models.base import COMMON_SYNCED_MAP, OwaspPage, OwaspPageQuerySet
from cms.presentation import PresentedPageMixin
from cms.restrictions import CachedRestrictionsMixin

EARTH_RADIUS_KM = 6371.0
# What OWASP's chapter data puts in ``region`` when it names none: never shown, never offered as a filter.
PLACEHOLDER_REGIONS = frozenset({"", "Unknown", "Needs Website Update"})


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


LOCATED = Q(latitude__isnull=False, longitude__isnull=False)
COUNTRY_ONLY = Q(location_precision=LocationPrecision.COUNTRY)


class ChapterPageQuerySet(OwaspPageQuerySet):
    def by_name(self):
        """By name, case-insensitive, then id."""
        return self.order_by(Lower("title"), "id")

    def countries(self) -> list[str]:
        """The countries these chapters are in, sorted (1 query)."""
        rows = self.exclude(country="").order_by().values_list("country", flat=True).distinct()
        return sorted(rows)

    def located(self):
        return self.filter(LOCATED)

    def unlocated(self):
        """Chapters without coordinates: in every list, never on the map."""
        return self.exclude(LOCATED)

    def nearest(self, latitude: float, longitude: float):
        """Located chapters, nearest to (latitude, longitude) first, each with its ``distance_km``
        (great-circle, computed by PostgreSQL); ties by name.

        A chapter placed only at its country's capital is somewhere in that country: its distance would be a
        guess (0 km for every such chapter of the capital's own country), so its ``distance_km`` is None and it
        comes after every chapter placed at its city or better, nearest capital first.
        """
        distance = haversine_km(latitude, longitude)
        return (
            self.located()
            .annotate(
                distance_km=Case(When(COUNTRY_ONLY, then=Value(None)), default=distance, output_field=FloatField()),
                placed_in_country_only=ExpressionWrapper(COUNTRY_ONLY, output_field=BooleanField()),
            )
            .order_by("placed_in_country_only", distance, Lower("title"), "id")
        )


def haversine_km(latitude: float, longitude: float):
    """Great-circle distance in km from (latitude, longitude) to each chapter."""
    dlat = Radians(F("latitude") - Value(latitude)) / 2
    dlon = Radians(F("longitude") - Value(longitude)) / 2
    a = Power(Sin(dlat), 2) + Cos(Radians(Value(latitude))) * Cos(Radians(F("latitude"))) * Power(Sin(dlon), 2)
    return Value(2 * EARTH_RADIUS_KM) * ASin(Least(Sqrt(a), Value(1.0), output_field=FloatField()))


class ChapterIndexPage(CachedRestrictionsMixin, PresentedPageMixin, Page):
    """/chapters/: every OWASP chapter."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ChapterPage"]
    max_count = 1

    class Meta:
        verbose_name = "chapter index page"


class ChapterPage(OwaspPage):
    """An OWASP chapter with where it meets. Synced from OWASP's site data and its www-chapter-* repository."""

    key_prefixes = ("www-chapter-",)

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
    objects = PageManager.from_queryset(ChapterPageQuerySet)()

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

    @property
    def known_region(self) -> str:
        """The chapter's region, '' when its data names none (``PLACEHOLDER_REGIONS``)."""
        return "" if self.region in PLACEHOLDER_REGIONS else self.region

    @property
    def place(self) -> str:
        """Where the chapter meets as a reader names it: "City, Country", either part alone, or ''."""
        return ", ".join(part for part in (self.city, self.country) if part)

    @property
    def is_placed_in_country_only(self) -> bool:
        """Its coordinates are its country's capital: no distance from them means anything."""
        return self.location_precision == LocationPrecision.COUNTRY

"""The parameters of every list of OWASP pages, parsed and validated once: the site's index pages, the iCal
feed and the search box use these FilterSets, as DRF's ``DjangoFilterBackend`` and GraphQL resolvers can.

A value that does not validate (an unknown level, a bad number, a NUL byte, an oversized value) becomes a
form error that the page shows; the other parameters still apply. Orderings come from a whitelist.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import ChapterPage, EventPage, ProjectLevel, ProjectPage, ProjectType
from cms.models.projects import ProjectOrdering

TEXT_LENGTH = 100
UNKNOWN_CHOICE = {"invalid_choice": _("Unknown value; pick one from the list.")}
MIN_SEARCH_LENGTH = 2


class NestFilterSet(django_filters.FilterSet):
    """A FilterSet that also says which values it used, normalized, for the page cache's key."""

    # Values that mean the same as leaving the parameter out.
    defaults: dict[str, str] = {}

    def is_valid(self) -> bool:
        return not self.is_bound or self.form.is_valid()

    def value(self, name: str):
        """The validated value of one parameter ('' when absent or invalid)."""
        self.errors  # noqa: B018 - validates the form, once
        value = getattr(self.form, "cleaned_data", {}).get(name)
        return "" if value is None else value

    def normalized(self) -> dict[str, str]:
        """The validated, non-default parameters as strings."""
        self.errors  # noqa: B018 - validates the form, once
        values = {}
        for name, value in getattr(self.form, "cleaned_data", {}).items():
            text = "" if value is None else str(value)
            if text and text != self.defaults.get(name, ""):
                values[name] = text
        return values


def _text(label, **kwargs):
    return django_filters.CharFilter(label=label, max_length=TEXT_LENGTH, **kwargs)


class FloatFilter(django_filters.NumberFilter):
    field_class = forms.FloatField


class ProjectFilter(NestFilterSet):
    q = _text(_("Words"), method="filter_q")
    level = django_filters.ChoiceFilter(
        label=_("Level"),
        choices=[choice for choice in ProjectLevel.choices if choice[0] != ProjectLevel.UNKNOWN],
        error_messages=UNKNOWN_CHOICE,
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"), field_name="project_type", choices=ProjectType.choices, error_messages=UNKNOWN_CHOICE
    )
    tag = _text(_("Tag"), method="filter_tag")
    language = _text(_("Language"), field_name="figures__languages", lookup_expr="has_key")
    active = django_filters.ChoiceFilter(
        label=_("Include inactive projects"),
        choices=[("all", _("Include inactive projects"))],
        method="filter_active",
        error_messages=UNKNOWN_CHOICE,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=ProjectOrdering.choices, method="keep", error_messages=UNKNOWN_CHOICE
    )

    defaults = {"sort": ProjectOrdering.LEVEL}

    class Meta:
        model = ProjectPage
        fields: list[str] = []

    def filter_queryset(self, queryset):
        """Listed projects unless ``active=all``; ordered as asked (default: level, then name)."""
        if self.value("active") != "all":
            queryset = queryset.active()
        queryset = super().filter_queryset(queryset)
        return queryset.ordered(self.value("sort") or ProjectOrdering.LEVEL)

    def filter_q(self, queryset, name, value):
        return queryset.matching(value) if len(value) >= MIN_SEARCH_LENGTH else queryset

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags__contains=[value])

    def filter_active(self, queryset, name, value):
        return queryset  # applied in filter_queryset, which must also see it absent

    def keep(self, queryset, name, value):
        return queryset


class ChapterFilter(NestFilterSet):
    """Name, region, country, whether the chapter has coordinates (``located``: yes or no), and "near me": by
    coordinates or by a city that ``geocode`` (a callable: name -> object with ``latitude``, ``longitude``, or
    None) resolves."""

    q = _text(_("Name"), field_name="title", lookup_expr="icontains")
    region = _text(_("Region"))
    country = _text(_("Country"))
    city = _text(_("City"), method="keep")
    lat = FloatFilter(label=_("Latitude"), min_value=-90, max_value=90, method="keep")
    lon = FloatFilter(label=_("Longitude"), min_value=-180, max_value=180, method="keep")
    located = django_filters.ChoiceFilter(
        label=_("Location"),
        choices=[("yes", _("Known location")), ("no", _("No known location"))],
        method="filter_located",
        error_messages=UNKNOWN_CHOICE,
    )

    class Meta:
        model = ChapterPage
        fields: list[str] = []

    def __init__(self, *args, geocode=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.geocode = geocode
        self.place = None  # what ``city`` resolved to
        self.unknown_city = ""
        self.origin_used = None  # the (lat, lon) the list is sorted from, once filtered

    def origin(self) -> tuple[float, float] | None:
        """Where "near me" measures from: the given coordinates, else the typed city's."""
        lat, lon = self.value("lat"), self.value("lon")
        if lat != "" and lon != "":
            return lat, lon
        city = self.value("city")
        if city and self.geocode is not None:
            self.place = self.geocode(city)
            if self.place is None:
                self.unknown_city = city
                return None
            return self.place.latitude, self.place.longitude
        return None

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        self.origin_used = self.origin()
        return queryset.nearest(*self.origin_used) if self.origin_used else queryset.by_name()

    def normalized(self) -> dict[str, str]:
        values = super().normalized()
        if "lat" in values and "lon" in values:
            values.pop("city", None)  # the coordinates win over the city
        return values

    def filter_located(self, queryset, name, value):
        return queryset.located() if value == "yes" else queryset.unlocated()

    def keep(self, queryset, name, value):
        return queryset


class EventFilter(NestFilterSet):
    category = _text(_("Category"), method="filter_category")

    class Meta:
        model = EventPage
        fields: list[str] = []

    def filter_category(self, queryset, name, value):
        return queryset.in_category(value)

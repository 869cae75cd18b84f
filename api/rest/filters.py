"""The query parameters of each list, parsed and validated once (django-filter FilterSets, which
drf-spectacular documents): OWASP Nest's v0 parameters first, with Nest's names, values and default orders,
then ours beside them. A value that does not validate is a 400 naming the parameter, never a database error.

The rules these apply are the domain's: pages come from their querysets (``listed()``, ``with_key``,
``upcoming``, ``located``), GitHub rows from theirs; only Nest's spellings are translated here.
"""

from __future__ import annotations

import copy

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.rest import structured_query
from api.rest.errors import invalid_parameters

TEXT_LENGTH = 100
QUERY_LENGTH = 200
TRUE, FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}


class StrictBooleanField(forms.Field):
    """true/false (also 1/0, yes/no, on/off, any case); anything else is an error, not "no filter"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        word = str(value).strip().lower()
        if word in TRUE:
            return True
        if word in FALSE:
            return False
        raise ValidationError(_("Expected true or false."), code="invalid")


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class FloatFilter(django_filters.NumberFilter):
    field_class = forms.FloatField


def text(label, **kwargs):
    return django_filters.CharFilter(label=label, max_length=TEXT_LENGTH, **kwargs)


def by(*fields, nulls_last: bool = False):
    """An order by model fields and annotations as PostgreSQL sorts them (NULLs last ascending, first
    descending, as Nest's ``order_by``; or last whatever the direction), ended by the id so every row has
    one place."""

    def order(queryset):
        items = fields
        if nulls_last:
            items = [
                F(name[1:]).desc(nulls_last=True) if name.startswith("-") else F(name).asc(nulls_last=True)
                for name in fields
            ]
        last_descending = fields[-1].startswith("-") if fields else False
        return queryset.order_by(*items, "-id" if last_descending else "id")

    return order


def both_ways(*fields: str) -> dict:
    """Each field's order, ascending (``name``) and descending (``-name``), as ``by`` orders them."""
    return {order: by(order) for field in fields for order in (field, f"-{field}")}


def moments(field: str, since_label, before_label):
    """A range of moments of ``field`` (ISO 8601): at or after the first bound, before the second."""
    return (
        django_filters.IsoDateTimeFilter(label=since_label, field_name=field, lookup_expr="gte"),
        django_filters.IsoDateTimeFilter(label=before_label, field_name=field, lookup_expr="lt"),
    )


class ApiFilterSet(django_filters.FilterSet):
    """A list's parameters; ``orderings`` maps each ``ordering`` value to a function of the queryset, and
    ``default_ordering`` names the one used when none is given."""

    orderings: dict = {}
    default_ordering = ""
    search_fields: dict[str, structured_query.Field] = {}

    ordering = django_filters.ChoiceFilter(label=_("Ordering field"), method="keep", choices=[])

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        # Declared filters are shared by the subclasses: each gets its own copy, with its own choices.
        filters["ordering"] = copy.deepcopy(filters["ordering"])
        filters["ordering"].extra["choices"] = [(name, name) for name in cls.orderings]
        return filters

    def keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return self.order(queryset, self.form.cleaned_data.get("ordering") or self.default_ordering)

    def order(self, queryset, ordering: str):
        return self.orderings[ordering](queryset)

    def search(self, queryset, words: list[str]):
        """What ``q``'s free words match (none by default: every word must name a field)."""
        if words:
            raise invalid_parameters(
                {
                    "q": [
                        _("Write each term as field:value; q knows %(fields)s")
                        % {"fields": structured_query.describe(self.search_fields)}
                    ]
                }
            )
        return queryset

    def filter_q(self, queryset, name, value):
        try:
            parsed = structured_query.parse(value, self.search_fields)
        except structured_query.QueryError as exc:
            raise invalid_parameters({"q": [str(exc)]}) from None
        return self.search(queryset.filter(parsed.condition), parsed.words)


def structured_q(fields: dict[str, structured_query.Field], example: str):
    return django_filters.CharFilter(
        method="filter_q",
        max_length=QUERY_LENGTH,
        label=_("Structured search, e.g. '%(example)s': fields %(fields)s; words without a field match the name.")
        % {"example": example, "fields": structured_query.describe(fields)},
    )


# A page's times by Nest's names: when OWASP created its site, when its data last changed.
PAGE_TIMES = {
    "created_at": by("created_on"),
    "-created_at": by("-created_on"),
    "updated_at": by("updated_on"),
    "-updated_at": by("-updated_on"),
}

# Projects -----------------------------------------------------------------------------------------------

NEST_LEVELS = [
    ("other", "other"),
    ("incubator", "incubator"),
    ("lab", "lab"),
    ("production", "production"),
    ("flagship", "flagship"),
]
NEST_TYPES = [("code", "code"), ("documentation", "documentation"), ("other", "other"), ("tool", "tool")]


def nest_level(value: str) -> str:
    """Nest's level name for ours: our "unknown" level is Nest's "other"."""
    from cms.models import ProjectLevel

    return "other" if value == ProjectLevel.UNKNOWN else value


def our_level(value: str) -> str:
    from cms.models import ProjectLevel

    return ProjectLevel.UNKNOWN if value == "other" else value


def _domain_order(name):
    def order(queryset):
        return queryset.ordered(name)

    return order


PROJECT_SEARCH = {
    "name": structured_query.Field(
        "string", build=lambda op, value: Q(title__icontains=value) | Q(name__icontains=value)
    ),
    "is_active": structured_query.Field("boolean", "is_active"),
    "stars": structured_query.Field("number", "stars"),
    "forks": structured_query.Field("number", "forks"),
    "contributors": structured_query.Field("number", "contributors"),
    "open_issues": structured_query.Field("number", "open_issues"),
    "health": structured_query.Field("number", "health"),
    "level": structured_query.Field("string", build=lambda op, value: Q(level__iexact=our_level(value.lower()))),
    "type": structured_query.Field("string", "project_type"),
    "tag": structured_query.Field("string", build=lambda op, value: Q(tags__contains=[value.lower()])),
}


class ProjectFilter(ApiFilterSet):
    level = django_filters.ChoiceFilter(label=_("Level of the project"), choices=NEST_LEVELS, method="filter_level")
    q = structured_q(PROJECT_SEARCH, "name:security stars:>100")
    type = django_filters.MultipleChoiceFilter(
        label=_("Type of the project (repeat for several)"), choices=NEST_TYPES, field_name="project_type"
    )
    # Ours
    tag = text(_("A tag the project carries"), method="filter_tag")
    language = text(
        _("A language of the project's repositories"), field_name="figures__languages", lookup_expr="has_key"
    )
    include_inactive = BooleanFilter(label=_("Also list inactive projects (default false)"), method="keep")

    orderings = {
        **PAGE_TIMES,
        "level": _domain_order("level"),
        "name": _domain_order("name"),
        "stars": _domain_order("stars"),
        "health": _domain_order("health"),
        "recently_updated": _domain_order("updated"),
    }
    default_ordering = "level"
    search_fields = PROJECT_SEARCH

    def filter_level(self, queryset, name, value):
        return queryset.filter(level=our_level(value))

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags__contains=[value.lower()])

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("include_inactive"):
            queryset = queryset.active()
        return super().filter_queryset(queryset)

    def search(self, queryset, words):
        return queryset.matching(" ".join(words)) if words else queryset


# Chapters, committees, events ---------------------------------------------------------------------------


class LocationFilterSet(ApiFilterSet):
    latitude_gte = FloatFilter(
        label=_("Latitude greater than or equal to"),
        field_name="latitude",
        lookup_expr="gte",
        min_value=-90,
        max_value=90,
    )
    latitude_lte = FloatFilter(
        label=_("Latitude less than or equal to"), field_name="latitude", lookup_expr="lte", min_value=-90, max_value=90
    )
    longitude_gte = FloatFilter(
        label=_("Longitude greater than or equal to"),
        field_name="longitude",
        lookup_expr="gte",
        min_value=-180,
        max_value=180,
    )
    longitude_lte = FloatFilter(
        label=_("Longitude less than or equal to"),
        field_name="longitude",
        lookup_expr="lte",
        min_value=-180,
        max_value=180,
    )


CHAPTER_SEARCH = {
    "name": structured_query.Field("string", "title"),
    "country": structured_query.Field("string", "country"),
    "region": structured_query.Field("string", "region"),
    "city": structured_query.Field("string", "city"),
}


class ChapterFilter(LocationFilterSet):
    country = text(_("Country of the chapter"), field_name="country", lookup_expr="icontains")
    location = text(_("Where the chapter meets (city, region or country)"), method="filter_location")
    q = structured_q(CHAPTER_SEARCH, "name:london country:uk")
    # Ours
    region = text(_("Region of the chapter"), field_name="region", lookup_expr="iexact")
    located = BooleanFilter(label=_("Whether the chapter's location is known"), method="filter_located")

    orderings = {
        **PAGE_TIMES,
        **both_ways("latitude", "longitude"),
        "name": lambda queryset: queryset.by_name(),
    }
    default_ordering = "-created_at"
    search_fields = CHAPTER_SEARCH

    def filter_location(self, queryset, name, value):
        return queryset.filter(Q(city__icontains=value) | Q(region__icontains=value) | Q(country__icontains=value))

    def filter_located(self, queryset, name, value):
        return queryset.located() if value else queryset.unlocated()

    def search(self, queryset, words):
        for word in words:
            queryset = queryset.filter(title__icontains=word)
        return queryset


class CommitteeFilter(ApiFilterSet):
    orderings = {
        **PAGE_TIMES,
        "name": lambda queryset: queryset.by_name(),
    }
    default_ordering = "-created_at"


# Nest's event categories and ours: "other" is every category but the three Nest names.
NEST_CATEGORIES = {"appsec_days": "AppSec Days", "global": "Global", "partner": "Partner"}


def nest_category(value: str) -> str:
    return next((code for code, name in NEST_CATEGORIES.items() if name == value), "other")


class EventFilter(LocationFilterSet):
    category = django_filters.MultipleChoiceFilter(
        label=_("Category of the event (repeat for several)"),
        choices=[(code, code) for code in ("appsec_days", "global", "other", "partner")],
        method="filter_category",
    )
    is_upcoming = BooleanFilter(label=_("Only events starting today or later"), method="keep")

    # Events whose dates are to be announced come last in every order.
    orderings = {
        "start_date": by("start_date", "end_date", nulls_last=True),
        "-start_date": by("-start_date", "-end_date", nulls_last=True),
        "end_date": by("end_date", nulls_last=True),
        "-end_date": by("-end_date", nulls_last=True),
        # Events have no coordinates here: these orders keep the default's.
        "latitude": by("-start_date", "-end_date", nulls_last=True),
        "-latitude": by("-start_date", "-end_date", nulls_last=True),
        "longitude": by("-start_date", "-end_date", nulls_last=True),
        "-longitude": by("-start_date", "-end_date", nulls_last=True),
    }
    default_ordering = "-start_date"

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if any(
            data.get(name) is not None for name in ("latitude_gte", "latitude_lte", "longitude_gte", "longitude_lte")
        ):
            # No event has known coordinates: none lies within a box.
            return queryset.none().order_by("id")
        if data.get("is_upcoming"):
            queryset = queryset.upcoming(timezone.now().date())
            if not data.get("ordering"):
                return self.orderings["start_date"](super().filter_queryset(queryset))
        return super().filter_queryset(queryset)

    def filter_category(self, queryset, name, values):
        names = [NEST_CATEGORIES[code] for code in values if code in NEST_CATEGORIES]
        condition = Q(category__in=names)
        if "other" in values:
            condition |= ~Q(category__in=list(NEST_CATEGORIES.values()))
        return queryset.filter(condition)


# Sponsors -----------------------------------------------------------------------------------------------

NEST_SPONSOR_TYPES = {
    "diamond": "Diamond",
    "platinum": "Platinum",
    "gold": "Gold",
    "silver": "Silver",
    "supporter": "Supporter",
    "none": "Not a Sponsor",
}
NEST_MEMBER_TYPES = {"platinum": "Platinum", "gold": "Gold", "silver": "Silver"}


class SponsorFilter(ApiFilterSet):
    is_member = BooleanFilter(label=_("Member status of the sponsor"), method="filter_member")
    member_type = django_filters.ChoiceFilter(
        label=_("Member type of the sponsor"),
        choices=[(label, label) for label in NEST_MEMBER_TYPES.values()],
        method="filter_member_type",
    )
    sponsor_type = text(_("Type of sponsorship, e.g. Gold, Silver, Platinum"), method="filter_sponsor_type")

    orderings = both_ways("name")
    default_ordering = "name"

    def filter_member(self, queryset, name, value):
        members = queryset.members()
        return members if value else queryset.exclude(pk__in=members.values("pk"))

    def filter_member_type(self, queryset, name, value):
        tier = next(tier for tier, label in NEST_MEMBER_TYPES.items() if label == value)
        return queryset.filter(member_tier=tier)

    def filter_sponsor_type(self, queryset, name, value):
        tiers = [tier for tier, label in NEST_SPONSOR_TYPES.items() if label.lower() == value.strip().lower()]
        return queryset.filter(sponsor_tier__in=tiers)


# GitHub -------------------------------------------------------------------------------------------------

ORGANIZATION_SEARCH = {
    "name": structured_query.Field("string", "name"),
    "location": structured_query.Field("string", "location"),
    "login": structured_query.Field("string", "login"),
}


class OrganizationFilter(ApiFilterSet):
    location = text(_("Location of the organization"), field_name="location", lookup_expr="iexact")
    q = structured_q(ORGANIZATION_SEARCH, "name:owasp")

    orderings = {
        "created_at": by("created_at", "updated_at"),
        "-created_at": by("-created_at", "-updated_at"),
        "updated_at": by("updated_at"),
        "-updated_at": by("-updated_at"),
    }
    default_ordering = "-created_at"
    search_fields = ORGANIZATION_SEARCH


class RepositoryFilter(ApiFilterSet):
    organization_id = text(_("Organization that repositories belong to"), method="filter_organization")
    # Ours
    language = text(_("Primary language of the repository"), field_name="language", lookup_expr="iexact")
    project = text(_("Key of the OWASP project the repository belongs to"), method="filter_project")

    orderings = {**both_ways("created_at", "updated_at"), "stars": by("-stars_count")}
    default_ordering = "-created_at"

    def filter_organization(self, queryset, name, value):
        return queryset.filter(owner_login__iexact=value)

    def filter_project(self, queryset, name, value):
        from cms.models import ProjectPage

        return queryset.filter(project__in=ProjectPage.objects.published().with_key(value))


class RepositoryScopedFilter(ApiFilterSet):
    """Rows of repositories: Nest's ``organization`` (the owner) and ``repository`` (its name)."""

    organization = text(_("Organization (repository owner) the rows belong to"), method="filter_organization")
    repository = text(_("Repository (its name) the rows belong to"), method="filter_repository")

    def filter_organization(self, queryset, name, value):
        return queryset.filter(repository__owner_login__iexact=value)

    def filter_repository(self, queryset, name, value):
        return queryset.filter(repository__name__iexact=value)


STATES = [("open", "open"), ("closed", "closed")]


class IssueFilter(RepositoryScopedFilter):
    state = django_filters.ChoiceFilter(label=_("Issue state"), choices=STATES)
    # Ours
    label = text(_("A label of the issue"), method="filter_label")
    assigned = BooleanFilter(label=_("Whether someone is assigned"), method="filter_assigned")
    project = text(_("Key of the OWASP project the issue's repository belongs to"), method="filter_project")
    created_after, created_before = moments(
        "created_at", _("Created at or after (ISO 8601)"), _("Created before (ISO 8601)")
    )
    updated_after, updated_before = moments(
        "updated_at", _("Updated at or after (ISO 8601)"), _("Updated before (ISO 8601)")
    )

    orderings = both_ways("created_at", "updated_at")
    default_ordering = "-created_at"

    def filter_assigned(self, queryset, name, value):
        return queryset.assigned() if value else queryset.unassigned()

    def filter_label(self, queryset, name, value):
        from apps.github.models import Label

        return queryset.filter(labels__in=Label.objects.filter(name__iexact=value))

    def filter_project(self, queryset, name, value):
        from cms.models import ProjectPage

        return queryset.filter(repository__project__in=ProjectPage.objects.published().with_key(value))


class MilestoneFilter(RepositoryScopedFilter):
    state = django_filters.ChoiceFilter(label=_("Milestone state"), choices=STATES)

    orderings = {**both_ways("created_at", "updated_at"), "-created_at": by("-created_at", "-updated_at")}
    default_ordering = "-created_at"


class ReleaseFilter(RepositoryScopedFilter):
    tag_name = text(_("Tag name of the release"), field_name="tag_name")
    # Ours
    published_after, published_before = moments(
        "published_at", _("Published at or after (ISO 8601)"), _("Published before (ISO 8601)")
    )

    orderings = both_ways("created_at", "published_at")
    default_ordering = "-published_at"


class MemberFilter(ApiFilterSet):
    company = text(_("Company of the member"), field_name="company", lookup_expr="iexact")
    location = text(_("Location of the member"), field_name="location", lookup_expr="iexact")
    # Ours
    type = django_filters.ChoiceFilter(
        label=_("Kind of GitHub account"),
        choices=[("User", "User"), ("Bot", "Bot"), ("Organization", "Organization")],
        field_name="type",
    )

    orderings = both_ways("created_at", "updated_at", "name", "login")
    default_ordering = "-created_at"


# Snapshots -----------------------------------------------------------------------------------------------

SNAPSHOT_BOUNDS = ("start_at_gte", "start_at_lte", "end_at_gte", "end_at_lte")


class SnapshotFilter(django_filters.FilterSet):
    """The period's bounds (``Snapshot.objects.dated``); the order is the domain's (``Snapshot.ORDERINGS``)."""

    start_at_gte = django_filters.IsoDateTimeFilter(label=_("Period starts at or after (ISO 8601)"), method="keep")
    start_at_lte = django_filters.IsoDateTimeFilter(label=_("Period starts at or before (ISO 8601)"), method="keep")
    end_at_gte = django_filters.IsoDateTimeFilter(label=_("Period ends at or after (ISO 8601)"), method="keep")
    end_at_lte = django_filters.IsoDateTimeFilter(label=_("Period ends at or before (ISO 8601)"), method="keep")

    def keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        bounds = {name: self.form.cleaned_data.get(name) for name in SNAPSHOT_BOUNDS}
        return queryset.dated(**bounds)


def filtered(filterset_class, params, queryset: QuerySet) -> QuerySet:
    """The queryset filtered and ordered by ``params``; a 400 naming the bad parameters."""
    filterset = filterset_class(params, queryset=queryset)
    if not filterset.is_valid():
        raise invalid_parameters(filterset.errors)
    return filterset.qs

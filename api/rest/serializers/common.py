"""Fields several entities share."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from operator import attrgetter

from django.db import models
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.page_urls import page_paths


def day_start(day: date | None, fallback: datetime | None = None) -> datetime | None:
    """A day as its first instant in UTC (OWASP's data gives days where Nest's API gives times)."""
    if day is None:
        return fallback
    return datetime.combine(day, time.min, tzinfo=UTC)


def page_times(page) -> tuple[datetime | None, datetime | None]:
    """A page's ``created_at`` and ``updated_at`` for Nest's fields: OWASP's days, else when it was published."""
    created = day_start(page.created_on, page.first_published_at)
    updated = day_start(page.updated_on, page.last_published_at or page.first_published_at)
    return created, updated


# The fields whose value is read as one attribute and rendered by the field itself (no relation, no nesting).
PLAIN_FIELDS = (
    serializers.CharField,
    serializers.IntegerField,
    serializers.FloatField,
    serializers.BooleanField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.ChoiceField,
    serializers.ListField,
)


class ItemsSerializer(serializers.ListSerializer):
    """``many=True`` of a ``FastItemsMixin`` serializer: each item's dict is built by ``child.renderer()``."""

    def to_representation(self, data):
        items = data.all() if isinstance(data, models.manager.BaseManager) else data
        render = self.child.renderer()
        return [render(item) for item in items]


class FastItemsMixin:
    """A read-only item serializer whose lists skip DRF's per-field machinery: the item's dict is built from
    the declared fields by a plan made once per list (``renderer``), each field read and rendered by itself as
    DRF does (``to_representation`` of the field; None stays None; method fields and ``source="*"`` fields
    given the item), so the output is what DRF's ``Serializer.to_representation`` gives, key for key and in
    the same order. ``finish(item, data)`` is where a serializer changes the dict after its fields: both
    paths call it."""

    class Meta:
        list_serializer_class = ItemsSerializer

    def finish(self, item, data: dict) -> dict:
        return data

    def to_representation(self, item):
        return self.finish(item, super().to_representation(item))

    def renderer(self):
        steps = []
        for field in self._readable_fields:
            if isinstance(field, serializers.SerializerMethodField):
                steps.append((field.field_name, getattr(self, field.method_name), None))
            elif field.source == "*":
                steps.append((field.field_name, field.to_representation, None))
            elif isinstance(field, PLAIN_FIELDS) and len(field.source_attrs) == 1:
                steps.append((field.field_name, attrgetter(field.source_attrs[0]), field.to_representation))
            elif isinstance(field, serializers.RelatedField | serializers.ManyRelatedField):
                return self.to_representation  # (none of these lists) DRF's own, for its PK shortcut
            else:
                steps.append((field.field_name, field.get_attribute, field.to_representation))
        finish = self.finish

        def render(item) -> dict:
            data = {}
            for name, read, render_value in steps:
                value = read(item)
                if render_value is None:
                    data[name] = value
                else:
                    data[name] = None if value is None else render_value(value)
            return finish(item, data)

        return render


DATETIME = serializers.DateTimeField()  # one field for every value (a list would build one per item)


def api_time(value: datetime | None) -> str | None:
    """A time as every field of the API renders it (ISO 8601, in the site's zone)."""
    return DATETIME.to_representation(value)


class PageTimesMixin:
    """The ``created_at`` and ``updated_at`` method fields of a page's serializer (``page_times``)."""

    def get_created_at(self, page) -> datetime:
        return api_time(page_times(page)[0])

    def get_updated_at(self, page) -> datetime:
        return api_time(page_times(page)[1])


def undated(page) -> dict:
    """Nest's required times a page has no value for (neither OWASP's data nor a publication gives one)."""
    reason = str(_("Neither OWASP's data nor a publication dates it"))
    created, updated = page_times(page)
    return {name: reason for name, value in (("created_at", created), ("updated_at", updated)) if value is None}


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "description": str(
            _(
                "Fields of this item whose value is not known, each with why (e.g. GitHub not synced). A field "
                "OWASP Nest's API types as required holds a stand-in then (0, an empty string, or the time "
                "Nest recorded the row); every other unknown field is null."
            )
        ),
    }
)
class UnknownFields(serializers.Field):
    """``{field: reason}`` of the item's unknown fields (read-only, from the serializer's ``unknown``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return self.parent.unknown(instance)


class LeaderSerializer(serializers.Serializer):
    """A leader as Nest's: ``key`` is the GitHub login of the member the leader is (a trusted match), or
    null; never an e-mail address."""

    key = serializers.CharField(source="member_login", allow_null=True, help_text=_("GitHub login, if known."))
    name = serializers.CharField()
    role = serializers.CharField(help_text=_("As written beside the name, e.g. 'Chair' (ours)."))


class HeatmapSerializer(serializers.Serializer):
    """Commits per day (UTC) over the last year: only the days with commits are listed."""

    start = serializers.DateField()
    end = serializers.DateField()
    total = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text=_("ISO day -> commits that day."))

    def to_representation(self, instance):
        return instance.as_dict()


class LanguageShareSerializer(serializers.Serializer):
    name = serializers.CharField()
    percent = serializers.FloatField()


class HealthPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    score = serializers.IntegerField(allow_null=True, help_text=_("Null while unknown (see unknown_reason)."))
    level = serializers.CharField()
    github_synced_at = serializers.DateTimeField(
        allow_null=True, help_text=_("How fresh the score is: the sync time of the figures it was scored from.")
    )
    unknown_reason = serializers.CharField(help_text=_("Why the score is unknown; empty when it is known."))


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute URL of a page on this site."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, page):
        """Wagtail's ``get_url`` (from the page's ``url_path``, with the site root paths read once per request:
        ``cms.page_urls``), absolute; the page may be a row with the columns the list reads."""
        request = self.context.get("request")
        if request is None:
            return page.get_url()
        django_request = getattr(request, "_request", request)
        try:
            paths = django_request._nest_page_paths
        except AttributeError:
            paths = django_request._nest_page_paths = page_paths(django_request)
        url = paths(page.url_path)
        if url and url.startswith("/") and not url.startswith("//"):
            # What ``build_absolute_uri`` makes of a path: the request's scheme and host (validated once), then
            # the path as a URI.
            try:
                origin = django_request._nest_origin
            except AttributeError:
                origin = django_request._nest_origin = request.build_absolute_uri("/")[:-1]
            return origin + iri_to_uri(url)
        if url and url.startswith("/"):
            return request.build_absolute_uri(url)
        return url


class ErrorSerializer(serializers.Serializer):
    """A 404 as Nest's: ``{"message": "Project not found"}``."""

    message = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    """A 400: what is wrong, per parameter."""

    message = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Each bad parameter with what is wrong with it."),
    )

"""Chapters, committees and events: Nest's ``Chapter``, ``Committee``, ``Event`` and their details."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.rest.filters import nest_category
from api.rest.serializers.common import (
    FastItemsMixin,
    HeatmapSerializer,
    LeaderSerializer,
    PageTimesMixin,
    PageUrlField,
    UnknownFields,
    undated,
)


class PageSerializer(FastItemsMixin, PageTimesMixin, serializers.Serializer):
    """What Nest's chapter and committee items share."""

    created_at = serializers.SerializerMethodField(help_text=_("When OWASP created its site."))
    key = serializers.CharField(source="short_key")
    name = serializers.CharField(source="title")
    updated_at = serializers.SerializerMethodField(help_text=_("When OWASP's data of it last changed."))
    # Ours
    page_url = PageUrlField()
    pitch = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    is_active = serializers.BooleanField()
    unknown_fields = UnknownFields()

    def unknown(self, page) -> dict:
        return undated(page)


class ChapterSerializer(PageSerializer):
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    # Ours
    country = serializers.CharField()
    region = serializers.CharField()
    city = serializers.CharField()
    location_precision = serializers.CharField(
        help_text=_("Where the coordinates come from: exact, postal, city, country, or empty when unknown.")
    )

    def unknown(self, page) -> dict:
        unknown = super().unknown(page)
        if page.latitude is None or page.longitude is None:
            reason = str(_("The chapter's location is not known"))
            unknown.update(latitude=reason, longitude=reason)
        return unknown


class ChapterDetailSerializer(ChapterSerializer):
    leaders = LeaderSerializer(many=True, source="api_leaders")
    # Ours
    description = serializers.CharField(source="pitch", help_text=_("What the chapter is (its pitch), plain text."))
    description_html = serializers.CharField(source="description")
    website = serializers.CharField()
    postal_code = serializers.CharField()
    meetup_group = serializers.CharField()
    source_repository = serializers.CharField()
    heatmap = HeatmapSerializer(source="api_heatmap", help_text=_("Commits per day by its leaders on GitHub."))


class CommitteeSerializer(PageSerializer):
    pass


class CommitteeDetailSerializer(CommitteeSerializer):
    description = serializers.CharField(source="pitch", help_text=_("What the committee is (its pitch), plain text."))
    # Ours
    description_html = serializers.CharField(source="description")
    leaders = LeaderSerializer(many=True, source="api_leaders")
    website = serializers.CharField()
    source_repository = serializers.CharField()
    heatmap = HeatmapSerializer(source="api_heatmap", help_text=_("Commits per day by its leaders on GitHub."))


class EventSerializer(FastItemsMixin, serializers.Serializer):
    end_date = serializers.DateField(allow_null=True)
    key = serializers.CharField(source="short_key")
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()
    name = serializers.CharField(source="title")
    start_date = serializers.SerializerMethodField(
        help_text=_("ISO day the event starts; an empty string while its dates are to be announced.")
    )
    url = serializers.SerializerMethodField(help_text=_("The event's own site."))
    # Ours
    category = serializers.SerializerMethodField(help_text=_("Nest's category: appsec_days, global, partner, other."))
    category_name = serializers.CharField(source="category", help_text=_("The category as OWASP names it."))
    dates = serializers.CharField(source="dates_text", help_text=_("The dates as announced."))
    location = serializers.CharField()
    page_url = PageUrlField()
    unknown_fields = UnknownFields()

    def get_latitude(self, event) -> float | None:
        return None

    def get_longitude(self, event) -> float | None:
        return None

    def get_url(self, event) -> str | None:
        return event.website or None

    def get_start_date(self, event) -> str:
        return event.start_date.isoformat() if event.start_date else ""

    def get_category(self, event) -> str:
        return nest_category(event.category)

    def unknown(self, event) -> dict:
        unknown = {}
        if event.start_date is None:
            unknown["start_date"] = str(_("Dates to be announced"))
        reason = str(_("Events have no coordinates"))
        unknown.update(latitude=reason, longitude=reason)
        return unknown


class EventDetailSerializer(EventSerializer):
    description = serializers.CharField(source="pitch", allow_null=True)
    # Ours
    description_html = serializers.CharField(source="description")
    leaders = LeaderSerializer(many=True, source="api_leaders")

"""Projects: Nest's ``Project`` / ``ProjectDetail``, with the site's figures, health, leaders and heatmap."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.rest.filters import NEST_LEVELS, NEST_TYPES, nest_level
from api.rest.serializers.common import (
    FastItemsMixin,
    HealthPointSerializer,
    HeatmapSerializer,
    LanguageShareSerializer,
    LeaderSerializer,
    PageTimesMixin,
    PageUrlField,
    UnknownFields,
    api_time,
    undated,
)
from apps.github.services.figures import figures_unknown_reason

FIGURES = ("stars_count", "forks_count", "contributors_count", "open_issues_count", "repositories_count")


class ProjectSerializer(FastItemsMixin, PageTimesMixin, serializers.Serializer):
    created_at = serializers.SerializerMethodField(help_text=_("When OWASP created the project's site."))
    key = serializers.CharField(source="short_key", help_text=_("e.g. juice-shop (www-project-juice-shop)."))
    level = serializers.ChoiceField(choices=NEST_LEVELS, help_text=_("Nest's levels; ours 'unknown' is 'other'."))
    name = serializers.CharField(source="title")
    type = serializers.ChoiceField(choices=NEST_TYPES, source="project_type")
    updated_at = serializers.SerializerMethodField(help_text=_("When OWASP's data of the project last changed."))
    # Ours
    page_url = PageUrlField()
    pitch = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    is_active = serializers.BooleanField()
    repositories_count = serializers.IntegerField(source="repositories_linked", allow_null=True)
    stars_count = serializers.IntegerField(source="stars", allow_null=True)
    forks_count = serializers.IntegerField(source="forks", allow_null=True)
    contributors_count = serializers.IntegerField(source="contributors", allow_null=True)
    open_issues_count = serializers.IntegerField(source="open_issues", allow_null=True)
    health_score = serializers.IntegerField(
        source="health",
        allow_null=True,
        help_text=_("Health (0-100) of the newest daily run; null while unknown (see unknown_fields)."),
    )
    health_synced_at = serializers.SerializerMethodField(
        help_text=_(
            "How fresh the health score is: the sync time of the figures it was scored from; null while unknown."
        )
    )
    github_synced_at = serializers.SerializerMethodField(
        help_text=_("How fresh its GitHub figures are: their repositories' newest sync; null while unknown.")
    )
    unknown_fields = UnknownFields()

    def get_github_synced_at(self, page) -> datetime | None:
        status = self.context["view"].github_status()
        fresh = status.project(getattr(page, "repositories_linked", None), getattr(page, "github_synced_at", None))
        return api_time(fresh.synced_at)

    def get_health_synced_at(self, page) -> datetime | None:
        return api_time(self.context["view"].github_status().listed_health(page).synced_at)

    def unknown(self, page) -> dict:
        status = self.context["view"].github_status()
        reason = figures_unknown_reason(status.reason, getattr(page, "repositories_linked", None))
        unknown = undated(page)
        unknown.update(dict.fromkeys(FIGURES, reason) if reason else {})
        health = status.listed_health(page)
        if not health.known:
            unknown["health_score"] = health.reason
        return unknown

    def finish(self, page, data):
        data["level"] = nest_level(page.level)
        for name in data["unknown_fields"]:  # ``unknown(page)``, as its field rendered it
            data[name] = None
        return data


class ProjectRepositorySerializer(serializers.Serializer):
    key = serializers.CharField(source="full_name", help_text=_("owner/name, as in /repositories/{owner}/{name}."))
    name = serializers.CharField()
    organization = serializers.CharField(source="owner_login")
    description = serializers.CharField()
    language = serializers.CharField()
    stars_count = serializers.IntegerField()
    forks_count = serializers.IntegerField()
    is_archived = serializers.BooleanField()
    pushed_at = serializers.DateTimeField(allow_null=True)
    github_synced_at = serializers.DateTimeField(source="synced_at", help_text=_("When Nest last synced it."))


class HealthCheckSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    threshold = serializers.IntegerField()
    comparison = serializers.CharField()
    passed = serializers.BooleanField()
    weight = serializers.IntegerField()


class ProjectDetailSerializer(ProjectSerializer):
    """A project with its health checks and history: each score known or unknown as its record's source says
    (``GitHubStatus.health``); the view attaches them (``api_checks``, ``api_history``)."""

    description = serializers.CharField(source="pitch", help_text=_("What the project is (its pitch), plain text."))
    leaders = LeaderSerializer(many=True, source="api_leaders")
    # Ours
    description_html = serializers.CharField(source="description", help_text=_("The page's description (HTML)."))
    website = serializers.CharField()
    source_repository = serializers.CharField(help_text=_("The OWASP www-* repository the data comes from."))
    licenses = serializers.ListField(child=serializers.CharField())
    languages = LanguageShareSerializer(many=True, source="api_languages")
    repositories = ProjectRepositorySerializer(many=True, source="api_repositories")
    health_checks = HealthCheckSerializer(
        many=True,
        source="api_checks",
        allow_null=True,
        help_text=_("The newest daily run's checks; null if never scored, or while its score is unknown."),
    )
    health_history = HealthPointSerializer(
        many=True,
        source="api_history",
        help_text=_("Daily scores over the last year, oldest first; a day's score is null while it is unknown."),
    )
    heatmap = HeatmapSerializer(source="api_heatmap", help_text=_("Commits to its repositories per day."))

"""OWASP chapters: OWASP Nest's ``ChapterNode``, with their leaders and upcoming events."""

import graphene
from django.utils import timezone

from api.graphql.types.common import JSON, checked_limit, limit_argument, loader, timestamp
from api.graphql.types.event import EventType
from api.graphql.types.page import OwaspPageFieldsMixin
from apps.github.services.heatmap import leaders_heatmaps
from cms.models import EventPage

EVENTS = 5


class GeoLocationType(graphene.ObjectType):
    lat = graphene.Float(required=True)
    lng = graphene.Float(required=True)

    class Meta:
        name = "GeoLocationType"


def _events(info, chapter) -> list:
    def batch(ids):
        return EventPage.objects.published().by_chapter(ids, timezone.now().date())

    return loader(info, "chapter-events", "page", batch, default=[]).load(chapter.pk)


class ChapterType(OwaspPageFieldsMixin, graphene.ObjectType):
    region = graphene.String(required=True)
    country = graphene.String(required=True)
    city = graphene.String(required=True)
    postal_code = graphene.String(required=True)
    meetup_group = graphene.String(required=True)
    geo_location = graphene.Field(GeoLocationType, description="Null when its place is unknown.")
    location_precision = graphene.String(
        required=True, description="exact, postal, city, country (placed at its capital) or '' (unknown)."
    )
    suggested_location = graphene.String(description="'City, Country' as known; null when neither is.")
    created_at = graphene.Float(description="When OWASP created the chapter's site (seconds since the epoch).")
    related_urls = graphene.List(graphene.NonNull(graphene.String), required=True)
    events = graphene.List(
        graphene.NonNull(EventType), required=True, limit=limit_argument(EVENTS), description="Upcoming, soonest first."
    )
    contribution_data = graphene.Field(JSON, description="Its leaders' commits per day over the last year.")
    contribution_stats = graphene.Field(JSON, description="{commits}: its leaders' commits over the last year.")

    class Meta:
        name = "ChapterNode"

    def resolve_geo_location(root, info):
        if root.latitude is None or root.longitude is None:
            return None
        return GeoLocationType(lat=root.latitude, lng=root.longitude)

    def resolve_suggested_location(root, info):
        return root.place or None

    def resolve_created_at(root, info):
        return timestamp(root.created_on)

    def resolve_related_urls(root, info):
        return [root.website] if root.website else []

    def resolve_events(root, info, limit=EVENTS):
        return _events(info, root)[: checked_limit(limit, default=EVENTS)]

    def resolve_contribution_data(root, info):
        return _heatmap(info, root).as_dict()["counts"]

    def resolve_contribution_stats(root, info):
        return {"commits": _heatmap(info, root).total}


def _heatmap(info, page):
    return loader(info, "leaders-heatmap", "page", leaders_heatmaps).load(page.pk)

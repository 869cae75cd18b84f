"""Chapters, committees and events: the domain's listed pages, found by their key."""

from django.utils.translation import gettext_lazy as _

from api.rest.filters import ChapterFilter, CommitteeFilter, EventFilter
from api.rest.serializers.pages import (
    ChapterDetailSerializer,
    ChapterSerializer,
    CommitteeDetailSerializer,
    CommitteeSerializer,
    EventDetailSerializer,
    EventSerializer,
)
from api.rest.views.base import PageRowsMixin, ReadViewSet, operations
from apps.github.services.heatmap import leaders_heatmap
from apps.github.services.leaders import page_leaders
from cms.models import ChapterPage, CommitteePage, EventPage


class PageViewSet(PageRowsMixin, ReadViewSet):
    model = None
    with_heatmap = True

    def rows(self):
        return self.model.objects.listed()

    def find(self, **kwargs):
        (key,) = kwargs.values()
        return self.get_queryset().with_key(key).first()

    def prepare(self, page):
        page.api_leaders = page_leaders(page.pk)
        if self.with_heatmap:
            page.api_heatmap = leaders_heatmap(page)
        return page


@operations(
    "chapter",
    "chapters",
    "Chapters",
    _("Retrieve a paginated list of OWASP chapters."),
    _("Retrieve chapter details."),
    item=ChapterSerializer,
    detail=ChapterDetailSerializer,
)
class ChapterViewSet(PageViewSet):
    model = ChapterPage
    list_columns = ("latitude", "longitude", "country", "region", "city", "location_precision")
    filterset_class = ChapterFilter


@operations(
    "committee",
    "committees",
    "Committees",
    _("Retrieve a paginated list of OWASP committees."),
    _("Retrieve committee details."),
    item=CommitteeSerializer,
    detail=CommitteeDetailSerializer,
)
class CommitteeViewSet(PageViewSet):
    model = CommitteePage
    filterset_class = CommitteeFilter


@operations(
    "event",
    "events",
    "Events",
    _("Retrieve a paginated list of OWASP events."),
    _("Retrieve an event details."),
    item=EventSerializer,
    detail=EventDetailSerializer,
)
class EventViewSet(PageViewSet):
    model = EventPage
    list_columns = ("start_date", "end_date", "website", "category", "dates_text", "location")
    filterset_class = EventFilter
    with_heatmap = False

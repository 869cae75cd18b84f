"""OWASP events: ``EventIndexPage`` (/events/) and one ``EventPage`` per event in OWASP's data.

Events come from the site's events.yml (global events and AppSec Days), revents.json (www-revent-* sites)
and chapters' own event records (e.g. www-chapter-netherlands/_data/events/).
"""

import re

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page, PageManager
from wagtail.search import index

from cms.field_map import SyncedField
from cms.models.base import COMMON_SYNCED_MAP, OwaspPage, OwaspPageQuerySet
from cms.presentation import PresentedPageMixin
from cms.restrictions import CachedRestrictionsMixin


class EventPageQuerySet(OwaspPageQuerySet):
    def upcoming(self, today):
        """Events starting on ``today`` or later, soonest first (ties by name)."""
        return self.filter(start_date__gte=today).order_by("start_date", Lower("title"), "id")

    def past(self, today):
        """Events that started before ``today``, newest first (ties by name). An event without a date is not
        past: its dates are still to be announced (``undated``)."""
        return self.filter(start_date__lt=today).order_by("-start_date", Lower("title"), "id")

    def undated(self):
        """Events whose dates are still to be announced, by name."""
        return self.filter(start_date__isnull=True).order_by(Lower("title"), "id")

    def in_category(self, category: str):
        return self.filter(category=category) if category else self

    def of_chapter(self, chapter):
        """The events of one chapter (see ``chapter_condition``)."""
        return self.filter(chapter_condition(chapter))

    def by_chapter(self, chapter_ids, today) -> dict[int, list]:
        """Each chapter's upcoming events (soonest first), by chapter id, for many chapters in 1 query, from
        the stored ``ChapterEvent`` links (``chapter_condition``'s answer, kept by ``cms.chapter_events`` when
        events and chapters are synced or published): what ``of_chapter(chapter).upcoming(today)`` gives."""
        found: dict[int, list] = {pk: [] for pk in chapter_ids}
        if not found:
            return found
        linked = (
            self.filter(chapter_links__chapter_id__in=list(found))
            .annotate(linked_chapter_id=F("chapter_links__chapter_id"))
            .upcoming(today)
        )
        for event in linked:
            found[event.linked_chapter_id].append(event)
        return found

    def categories(self) -> list[str]:
        """The categories these events use, sorted (1 query)."""
        rows = self.order_by().values_list("category", flat=True).distinct()
        return sorted(category for category in rows if category)


def chapter_condition(chapter) -> Q:
    """An event is a chapter's when the sync read it from the chapter's repository (its key starts with the
    chapter's, or it names the same source repository), or when its title names the chapter as whole words
    ("OWASP London chapter meeting", never "OWASP Londonderry")."""
    condition = Q(title__iregex=rf"\m{re.escape(chapter.title)}\M")
    if chapter.owasp_key:
        condition |= Q(owasp_key__startswith=f"{chapter.owasp_key}-event-")
    if chapter.source_repository:
        condition |= Q(source_repository=chapter.source_repository)
    return condition


class ChapterEvent(models.Model):
    """An event of a chapter, as ``chapter_condition`` says: stored (by ``cms.chapter_events``, when a chapter
    or an event is synced or published) so that listing many chapters' events reads links, not one regular
    expression per chapter over every event."""

    chapter = models.ForeignKey("cms.ChapterPage", on_delete=models.CASCADE, related_name="event_links")
    event = models.ForeignKey("cms.EventPage", on_delete=models.CASCADE, related_name="chapter_links")

    class Meta:
        verbose_name = "chapter event"
        constraints = [models.UniqueConstraint(fields=["chapter", "event"], name="cms_chapterevent_unique")]
        indexes = [models.Index(fields=["event"], name="cms_chapterevent_event")]

    def __str__(self) -> str:
        return f"{self.chapter_id} -> {self.event_id}"


class EventIndexPage(CachedRestrictionsMixin, PresentedPageMixin, Page):
    """/events/: every OWASP event, upcoming first, then those whose dates are to be announced, then past ones."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "event index page"


class EventPage(OwaspPage):
    """An OWASP event. The event's own URL is ``website``."""

    key_prefixes = ("event-",)

    category = models.CharField(max_length=100, blank=True, help_text="e.g. Global, AppSec Days, Chapter meeting.")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    dates_text = models.CharField("dates as announced", max_length=200, blank=True)
    location = models.CharField(max_length=300, blank=True)

    synced_map = COMMON_SYNCED_MAP + tuple(
        SyncedField(name) for name in ("category", "start_date", "end_date", "dates_text", "location")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("dates_text"),
                FieldPanel("location"),
            ],
            heading="When and where",
        ),
        *OwaspPage.common_panels,
    ]
    objects = PageManager.from_queryset(EventPageQuerySet)()

    search_fields = OwaspPage.search_fields + [
        index.SearchField("location"),
        index.FilterField("category"),
        index.FilterField("start_date"),
    ]
    parent_page_types = ["cms.EventIndexPage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = "event page"
        indexes = [models.Index(fields=["start_date"], name="cms_eventpage_start")]

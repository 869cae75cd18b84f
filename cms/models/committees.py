"""OWASP committees: ``CommitteeIndexPage`` (/committees/) and one ``CommitteePage`` per www-committee-* repository."""

from django.db import models
from django.db.models.functions import Lower
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageManager

from cms.models.base import OwaspPage, OwaspPageQuerySet
from cms.presentation import PresentedPageMixin
from cms.restrictions import CachedRestrictionsMixin


class CommitteePageQuerySet(OwaspPageQuerySet):
    def by_name(self):
        """By name, case-insensitive, then id."""
        return self.order_by(Lower("title"), "id")


class CommitteeIndexPage(CachedRestrictionsMixin, PresentedPageMixin, Page):
    """/committees/: every OWASP committee."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CommitteePage"]
    max_count = 1

    class Meta:
        verbose_name = "committee index page"


class CommitteePage(OwaspPage):
    """An OWASP committee. Synced from OWASP's site data and its www-committee-* repository."""

    key_prefixes = ("www-committee-",)

    objects = PageManager.from_queryset(CommitteePageQuerySet)()

    content_panels = Page.content_panels + OwaspPage.common_panels
    parent_page_types = ["cms.CommitteeIndexPage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = "committee page"

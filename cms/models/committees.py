"""OWASP committees: ``CommitteeIndexPage`` (/committees/) and one ``CommitteePage`` per www-committee-* repository."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cms.models.base import OwaspPage


class CommitteeIndexPage(Page):
    """/committees/: every OWASP committee."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CommitteePage"]
    max_count = 1

    class Meta:
        verbose_name = "committee index page"

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import public_committees

        context = super().get_context(request, *args, **kwargs)
        context["committees"] = public_committees().child_of(self).order_by("title")
        return context


class CommitteePage(OwaspPage):
    """An OWASP committee. Synced from OWASP's site data and its www-committee-* repository."""

    content_panels = Page.content_panels + OwaspPage.common_panels
    parent_page_types = ["cms.CommitteeIndexPage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = "committee page"

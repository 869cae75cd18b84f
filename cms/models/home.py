from django.db import models
from django.utils.translation import gettext, gettext_noop
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.presentation import PresentedPageMixin
from cms.restrictions import CachedRestrictionsMixin
from cms.routing import CachedRouteMixin

# The tagline a new site starts with; shown in the visitor's language until an editor writes another.
DEFAULT_INTRO = gettext_noop(
    "Find an OWASP project, chapter, committee or event, see how healthy it is, and start contributing."
)


class HomePage(CachedRouteMixin, CachedRestrictionsMixin, PresentedPageMixin, Page):
    """The site root: what Nest is, with the sections (projects, chapters, committees, events) beneath it."""

    intro = models.CharField(
        max_length=300,
        blank=True,
        default=DEFAULT_INTRO,
    )
    body = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    @property
    def tagline(self) -> str:
        """The intro, translated while it is still the default one."""
        return gettext(DEFAULT_INTRO) if self.intro == DEFAULT_INTRO else self.intro

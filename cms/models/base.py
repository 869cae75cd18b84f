"""``OwaspPage``: what projects, chapters, committees and events share, and what OWASP's data says of all four."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Count, F, Max, Prefetch, Q
from django.db.models.functions import Lower
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.field_map import SyncedField
from cms.forms import SyncedPageForm
from cms.models.mixins import SyncedMixin, key_without_prefix
from cms.presentation import PresentedPageMixin
from cms.restrictions import CachedRestrictionsMixin

COMMON_SYNCED_MAP = (
    SyncedField("title"),
    SyncedField("name"),
    SyncedField("pitch"),
    SyncedField("description", upstream="description_html"),
    SyncedField("tags"),
    SyncedField("website"),
    SyncedField("source_repository"),
    SyncedField("created_on"),
    SyncedField("updated_on"),
    SyncedField("leaders", columns=("name", "email", "github_login", "role")),
)


# The longest short key a lookup accepts (an upstream key is at most 200 characters).
KEY_MAX_LENGTH = 200

# Still on OWASP's active lists: sync clears ``is_active`` when a record leaves them or is marked inactive
# (e.g. a project of level 0).
ACTIVE = Q(is_active=True)


def _listing_figures() -> dict:
    return {
        "listed": Count("pk", filter=ACTIVE),
        "inactive": Count("pk", filter=~ACTIVE),
        "synced": Max("last_synced_at"),
    }


class OwaspPageQuerySet(PageQuerySet):
    """What the public site, the REST API and GraphQL may show of projects, chapters, committees and events."""

    def public(self):
        """Pages outside every view-restricted section (Wagtail's rule), the restricted paths read from the
        cache (``cms.restrictions``) rather than with a query each time."""
        from cms.restrictions import restricted_paths

        outside = Q()
        for path in restricted_paths():
            outside &= ~Q(path__startswith=path)
        return self.filter(outside)

    def published(self):
        """Live and public: what anyone may open, active on OWASP's lists or not."""
        return self.live().public()

    def active(self):
        return self.filter(ACTIVE)

    def with_key(self, key: str):
        """The page whose ``short_key`` is ``key``: its upstream key with or without its kind's prefix
        (``www-project-juice-shop`` or ``juice-shop``, any case), or the slug of a page an editor made; none
        for a key that cannot be one (empty, too long, a NUL byte)."""
        if not isinstance(key, str) or not key or len(key) > KEY_MAX_LENGTH or "\x00" in key:
            return self.none()
        return self.filter(self.model.key_condition(key) | Q(owasp_key__isnull=True, slug=key))

    def listed(self):
        """Live, public and active: what every list, count and figure of the site shows."""
        return self.published().active()

    def listing_figures(self) -> dict:
        """How many pages are listed, how many more are published but inactive, and when the newest was last
        synced (1 query)."""
        return self.published().aggregate(**_listing_figures())

    def listing_figures_by_kind(self, models: Iterable[type]) -> dict[type, dict]:
        """``listing_figures`` of each kind of page in ``models`` (subclasses of ``OwaspPage``), all in 1 query:
        the kinds share OwaspPage's table and are told apart by their content type."""
        types = ContentType.objects.get_for_models(*models)  # Django keeps them in memory after the first time
        rows = (
            self.published()
            .filter(content_type__in=types.values())
            .order_by()
            .values("content_type")
            .annotate(**_listing_figures())
        )
        found = {row.pop("content_type"): row for row in rows}
        return {
            model: found.get(content_type.pk, {"listed": 0, "inactive": 0, "synced": None})
            for model, content_type in types.items()
        }

    def with_public_leaders(self):
        """Each page's leaders prefetched in their listed order, without their private e-mail addresses."""
        from cms.models.snippets import Leader

        return self.prefetch_related(Prefetch("leaders", queryset=Leader.objects.public()))

    def recently_created(self):
        """Newest first by the day OWASP created the entity's site; pages without that day last, then by name."""
        return self.order_by(F("created_on").desc(nulls_last=True), Lower("title"), "id")

    def newest_sync(self):
        """When the newest of these pages was last synced (1 query), None when none was."""
        return self.aggregate(newest=Max("last_synced_at"))["newest"]


OwaspPageManager = PageManager.from_queryset(OwaspPageQuerySet)


class OwaspPage(CachedRestrictionsMixin, PresentedPageMixin, SyncedMixin, Page):
    """The concrete parent of ProjectPage, ChapterPage, CommitteePage and EventPage (never created alone).

    Leaders hang off this table, so one Leader model serves all four page types.
    """

    name = models.CharField(max_length=200, blank=True, help_text="Short name, e.g. 'Juice Shop'.")
    pitch = models.TextField(blank=True, help_text="One or two sentences saying what it is.")
    description = RichTextField(blank=True)
    tags = ArrayField(models.CharField(max_length=100), default=list, blank=True, help_text="Comma-separated.")
    website = models.URLField(max_length=500, blank=True)
    source_repository = models.URLField(
        max_length=500, blank=True, help_text="The OWASP www-* repository this page's data comes from."
    )
    created_on = models.DateField(null=True, blank=True, help_text="When OWASP created the entity's site.")
    updated_on = models.DateField(null=True, blank=True, help_text="When OWASP's site data last changed.")

    objects = OwaspPageManager()

    # What the upstream key of this kind of page starts with ("www-project-"); the rest is its short key.

    synced_map = COMMON_SYNCED_MAP
    base_form_class = SyncedPageForm
    is_creatable = False
    parent_page_types: list[str] = []
    subpage_types: list[str] = []

    common_panels = [
        FieldPanel("name"),
        FieldPanel("pitch"),
        FieldPanel("description"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("source_repository"),
                FieldPanel("created_on"),
                FieldPanel("updated_on"),
            ],
            heading="Links and dates",
        ),
        InlinePanel("leaders", label="Leader", heading="Leaders"),
    ]
    promote_panels = Page.promote_panels + SyncedMixin.sync_panels
    search_fields = Page.search_fields + [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("pitch"),
        index.SearchField("description"),
        index.FilterField("is_active"),
    ]

    class Meta:
        verbose_name = "OWASP page"
        indexes = [GinIndex(fields=["tags"], name="cms_owasppage_tags_gin")]

    @property
    def fallback_key(self) -> str:
        """A page an editor made (no upstream key) is named by its slug."""
        return self.slug

    @classmethod
    def short_key_of(cls, owasp_key: str, slug: str) -> str:
        """``short_key`` of a page of this kind known only by its columns (a row read with ``values()``)."""
        return key_without_prefix(owasp_key, cls.key_prefixes) if owasp_key else slug

    def own_key_prefixes(self) -> tuple[str, ...]:
        """The prefixes of the page's own kind, also when it was loaded as an ``OwaspPage`` (no query: the
        kind comes from its content type, which Django caches)."""
        return self.specific_class.key_prefixes if self.specific_class else self.key_prefixes

    @property
    def index_url(self) -> str | None:
        """The URL of the index page this page sits in (its parent: an OWASP page is always a direct child of
        its kind's index), from the page's own URL, without reading the parent."""
        url = self.url
        suffix = f"{self.slug}/"
        return url[: -len(suffix)] if url and url.endswith(suffix) else None

    @property
    def key(self) -> str:
        """The short key OWASP Nest names the entity by (``juice-shop``): ``short_key``."""
        return self.short_key

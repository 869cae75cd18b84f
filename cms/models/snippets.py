"""Records that are not pages: the leaders of every OWASP entity and the corporate sponsors."""

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from cms.field_map import SyncedField
from cms.forms import SyncedSnippetForm
from cms.models.mixins import SyncedMixin

# The leader columns a public page, serializer or GraphQL type may show. Never add "email".
LEADER_PUBLIC_FIELDS = ("id", "page_id", "sort_order", "name", "github_login", "role")


class LeaderQuerySet(models.QuerySet):
    def public(self):
        """Leaders without their private e-mail address (the column is never loaded), in their listed order."""
        return self.only(*LEADER_PUBLIC_FIELDS).order_by("page_id", "sort_order")

    def named(self, name: str):
        """Public leaders of live pages called ``name`` (part of their name, any case) or whose GitHub login it
        is, with their page, by page title: what "the projects and chapters a person leads" lists."""
        name = name.strip()
        return (
            self.public()
            .filter(models.Q(name__icontains=name) | models.Q(github_login__iexact=name.lstrip("@")))
            .filter(page__live=True)
            .select_related("page")
            .order_by("page__title", "page_id", "sort_order")
        )


class Leader(Orderable):
    """A leader of a project, chapter, committee or event, in the order OWASP lists them.

    One model for the four page types (the parent is the shared ``OwaspPage``), so leaders can be matched to
    GitHub users in one place. ``email`` is private: never render it publicly nor serve it from a public API.
    """

    page = ParentalKey("cms.OwaspPage", on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, help_text="Private: shown to editors only.")
    github_login = models.CharField(max_length=100, blank=True, help_text="GitHub login when the source names one.")
    role = models.CharField(max_length=100, blank=True, help_text="As written beside the name, e.g. 'Chair'.")

    objects = LeaderQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("github_login")]

    class Meta(Orderable.Meta):
        verbose_name = "leader"
        indexes = [models.Index(fields=["page", "sort_order"], name="cms_leader_page_order")]

    def __str__(self) -> str:
        return self.name


class SponsorTier(models.TextChoices):
    DIAMOND = "diamond", _("Diamond")
    PLATINUM = "platinum", _("Platinum")
    GOLD = "gold", _("Gold")
    SILVER = "silver", _("Silver")
    SUPPORTER = "supporter", _("Supporter")
    NONE = "none", _("Not a sponsor")


class MemberTier(models.TextChoices):
    PLATINUM = "platinum", _("Platinum")
    GOLD = "gold", _("Gold")
    SILVER = "silver", _("Silver")
    NONE = "none", _("Not a member")


class SponsorQuerySet(models.QuerySet):
    def active(self):
        """Sponsors and members still in corp_members.yml."""
        return self.filter(is_active=True)

    def listed(self):
        """What the sponsors page shows: active sponsors and members, by sort name then name."""
        return self.active().order_by("sortname", "name")

    def by_tier(self):
        """Highest sponsor tier first (diamond ... supporter, then members who do not sponsor), then by sort
        name and name."""
        rank = Case(*(When(sponsor_tier=tier, then=Value(i)) for i, tier in enumerate(SponsorTier.values)))
        return self.order_by(rank, "sortname", "name", "pk")

    def with_key(self, key: str):
        """The sponsor whose ``short_key`` is ``key`` (``adobe``, ``corp-member-adobe``; ``sponsor-<id>`` for
        one an editor made)."""
        condition = self.model.key_condition(key)
        prefix, _, number = key.partition("-")
        if prefix == "sponsor" and number.isdigit() and len(number) < 19:
            condition |= Q(owasp_key__isnull=True, pk=int(number))
        return self.filter(condition)

    def members(self):
        """Corporate members (of any membership tier)."""
        return self.exclude(member_tier=MemberTier.NONE)


class Sponsor(SyncedMixin, index.Indexed, models.Model):
    """A corporate sponsor or member from corp_members.yml, with its sponsor and membership tiers."""

    name = models.CharField(max_length=200)
    sortname = models.CharField(max_length=200, blank=True)
    sponsor_tier = models.CharField(max_length=16, choices=SponsorTier.choices, default=SponsorTier.NONE)
    member_tier = models.CharField(max_length=16, choices=MemberTier.choices, default=MemberTier.NONE)
    image_url = models.URLField(max_length=500, blank=True)
    url = models.URLField("website", max_length=500, blank=True)
    job_url = models.URLField("jobs page", max_length=500, blank=True)
    description = models.TextField(blank=True)

    synced_map = tuple(
        SyncedField(name)
        for name in ("name", "sortname", "sponsor_tier", "member_tier", "image_url", "url", "job_url", "description")
    )
    objects = SponsorQuerySet.as_manager()

    key_prefixes = ("corp-member-",)
    base_form_class = SyncedSnippetForm
    # Sponsors have no inactive state of their own upstream: one is inactive once corp_members.yml drops it.
    inactive_label = gettext_noop("Inactive: no longer listed by OWASP.")
    panels = [
        FieldPanel("name"),
        FieldPanel("sortname"),
        MultiFieldPanel([FieldPanel("sponsor_tier"), FieldPanel("member_tier")], heading="Tiers"),
        FieldPanel("image_url"),
        FieldPanel("url"),
        FieldPanel("job_url"),
        FieldPanel("description"),
        *SyncedMixin.sync_panels,
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("sponsor_tier")]

    class Meta:
        ordering = ["sortname", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_member(self) -> bool:
        """A corporate member (of any membership tier), as ``SponsorQuerySet.members`` selects them."""
        return self.member_tier != MemberTier.NONE

    # As ProjectPage's: Django's generated display methods rebuild the choices on every call (840 sponsors).
    def get_sponsor_tier_display(self):
        return _SPONSOR_TIER_LABELS.get(self.sponsor_tier, self.sponsor_tier)

    def get_member_tier_display(self):
        return _MEMBER_TIER_LABELS.get(self.member_tier, self.member_tier)


_SPONSOR_TIER_LABELS = dict(SponsorTier.choices)
_MEMBER_TIER_LABELS = dict(MemberTier.choices)


# The staff columns Slack (or any public view) may show. Never add "email".
STAFF_PUBLIC_FIELDS = ("id", "name", "title", "location", "image_url", "description", "position", "is_vacant")


class StaffMemberQuerySet(models.QuerySet):
    def active(self):
        """Staff and vacancies still in staff.yml."""
        return self.filter(is_active=True)

    def listed(self):
        """What NestBot's /staff lists: the active rows without their e-mail address (never loaded), people
        before vacancies, each in the order staff.yml lists them."""
        return self.active().only(*STAFF_PUBLIC_FIELDS).order_by("is_vacant", "position", "name", "pk")


class StaffMember(SyncedMixin, index.Indexed, models.Model):
    """A member of the OWASP Foundation's staff from the site's staff.yml, or a position it lists as vacant.

    ``email`` is the role's contact address as the site's data gives it: shown to editors only.
    """

    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True, help_text="Private: shown to editors only.")
    image_url = models.URLField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Where staff.yml lists the row (1 first).")
    is_vacant = models.BooleanField(default=False, help_text="A position staff.yml lists as vacant.")

    synced_map = tuple(
        SyncedField(name)
        for name in ("name", "title", "location", "email", "image_url", "description", "position", "is_vacant")
    )
    objects = StaffMemberQuerySet.as_manager()

    key_prefixes = ("staff-",)
    base_form_class = SyncedSnippetForm
    inactive_label = gettext_noop("Inactive: no longer listed by OWASP.")
    panels = [
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("location"),
        FieldPanel("email"),
        FieldPanel("image_url"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("position"), FieldPanel("is_vacant")], heading="Listing"),
        *SyncedMixin.sync_panels,
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("title")]

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "staff member"

    def __str__(self) -> str:
        return self.name

"""Community snapshots: a named period (e.g. "2025-02") and what was new in the OWASP community during it.

Staff create a snapshot (key, title, period); ``apps.owasp.services.snapshots.build_snapshot`` fills its content
from the synced data and records the outcome here. The rules of "new in the period" (a half-open period:
``start_at`` included, ``end_at`` excluded) are written once, in that service:

- projects and chapters: listed pages (live, public, active) whose ``created_on`` (the day OWASP created the
  entity's www-* site, from OWASP's site data) falls in the period: a day counts from its midnight (UTC);
- issues: GitHub issues (never pull requests) of repositories GitHub still serves, opened in the period;
- releases: published releases (no drafts, no pre-releases) of those repositories, published in the period;
- members: people (no bots or organizations) whose first contribution to the synced repositories (the first
  issue or pull request they opened, or release they published) falls in the period. GitHub's account dates are
  not synced, so "new member" means new to OWASP's repositories, not a new GitHub account.

This module imports no other app's models (the OWASP sources import this package for their cache tables); the
content is read through the relations.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, FilteredRelation, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class SnapshotStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PROCESSING = "processing", _("Processing")
    COMPLETED = "completed", _("Completed")
    ERROR = "error", _("Error")


class SnapshotContent(models.TextChoices):
    """The lists a snapshot holds; each value is also the name of its count (``new_<value>_count``) minus
    "members", whose count is ``new_users_count`` as in OWASP Nest's API."""

    PROJECTS = "projects", _("Projects")
    CHAPTERS = "chapters", _("Chapters")
    ISSUES = "issues", _("Issues")
    RELEASES = "releases", _("Releases")
    MEMBERS = "members", _("Members")


class InvalidOrdering(ValueError):  # noqa: N818 - named for the situation the caller reports (a 400)
    """An ordering a list does not offer; the message names the ones it does."""

    def __init__(self, ordering: str, allowed: tuple[str, ...]):
        self.ordering = ordering
        self.allowed = allowed
        super().__init__(
            gettext("Unknown ordering %(ordering)s: use one of %(allowed)s.")
            % {"ordering": ordering, "allowed": ", ".join(allowed)}
        )


def ordering_choices(columns: dict[str, str]) -> tuple[str, ...]:
    """Every value an ordering parameter may take: each name ascending and descending ("-name")."""
    return tuple(value for name in columns for value in (name, f"-{name}"))


def order_by_choice(queryset, ordering: str | None, columns: dict[str, str], default: str):
    """``queryset`` in the order ``ordering`` names ("name" or "-name", a key of ``columns``), empty values last,
    ties broken by id in the same direction: a total order, so pages (offset or keyset) never skip or repeat."""
    ordering = ordering or default
    name = ordering.removeprefix("-")
    if name not in columns:
        raise InvalidOrdering(ordering, ordering_choices(columns))
    descending = ordering.startswith("-")
    column = F(columns[name]).desc(nulls_last=True) if descending else F(columns[name]).asc(nulls_last=True)
    return queryset.order_by(column, "-id" if descending else "id")


# The orderings each list offers, in OWASP Nest's vocabulary (created_at, updated_at, ...), mapped to our columns,
# with the default first. Pages have OWASP's dates (created_on, updated_on); members add their first contribution.
SNAPSHOT_ORDERINGS = {"created_at": "created_at", "updated_at": "updated_at", "start_at": "start_at"}
CONTENT_ORDERINGS: dict[str, dict[str, str]] = {
    SnapshotContent.PROJECTS: {"created_at": "created_on", "updated_at": "updated_on"},
    SnapshotContent.CHAPTERS: {"created_at": "created_on", "updated_at": "updated_on"},
    SnapshotContent.ISSUES: {"created_at": "created_at", "updated_at": "updated_at"},
    SnapshotContent.RELEASES: {"published_at": "published_at", "created_at": "created_at"},
    SnapshotContent.MEMBERS: {
        "first_contribution_at": "first_contribution_at",
        "created_at": "created_at",
        "updated_at": "updated_at",
        "login": "login",
    },
}
CONTENT_DEFAULT_ORDERING = {
    SnapshotContent.PROJECTS: "-created_at",
    SnapshotContent.CHAPTERS: "-created_at",
    SnapshotContent.ISSUES: "-created_at",
    SnapshotContent.RELEASES: "-published_at",
    SnapshotContent.MEMBERS: "-first_contribution_at",
}

# A snapshot left "processing" this long was abandoned by its worker (killed, restarted): it is due again.
STALE_PROCESSING_MINUTES = 60


class SnapshotQuerySet(models.QuerySet):
    def completed(self):
        """Snapshots whose content is built: the only ones the public sees; newest first (created, then id)."""
        return self.filter(status=SnapshotStatus.COMPLETED).order_by("-created_at", "-id")

    def by_key(self, key: str):
        """The snapshot whose key is ``key``, case-insensitively (keys are stored lower case)."""
        return self.filter(key=key.strip().lower())

    def dated(self, *, start_at_gte=None, start_at_lte=None, end_at_gte=None, end_at_lte=None):
        """Snapshots whose period starts (``start_at``) and ends (``end_at``) within the bounds given (each
        included; None: no bound)."""
        bounds = {
            "start_at__gte": start_at_gte,
            "start_at__lte": start_at_lte,
            "end_at__gte": end_at_gte,
            "end_at__lte": end_at_lte,
        }
        return self.filter(**{lookup: value for lookup, value in bounds.items() if value is not None})

    def ordered(self, ordering: str | None = None):
        """In the order ``ordering`` names (``Snapshot.ORDERINGS``; default newest created first); raises
        ``InvalidOrdering`` for any other value."""
        return order_by_choice(self, ordering, SNAPSHOT_ORDERINGS, "-created_at")

    def due(self, now=None):
        """Snapshots waiting for a build: pending ones, and those a worker left processing for longer than
        ``STALE_PROCESSING_MINUTES``; oldest request first."""
        stale = (now or timezone.now()) - timedelta(minutes=STALE_PROCESSING_MINUTES)
        return self.filter(
            Q(status=SnapshotStatus.PENDING) | Q(status=SnapshotStatus.PROCESSING, updated_at__lt=stale)
        ).order_by("updated_at", "id")


# Lower-case letters, digits and single hyphens: "2025-02", "2025-q1", "global-appsec-eu-2025".
key_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z",
    _("Use lower-case letters, digits and single hyphens, e.g. 2025-02."),
    code="invalid_key",
)


class Snapshot(models.Model):
    """A named period of the OWASP community and the projects, chapters, issues, releases and members new in it.

    Counts are None (unknown, not zero) until a build completes, and for GitHub content when GitHub had never been
    synced when the snapshot was built (``github_unknown_reason`` says so). Periods may overlap.
    """

    ORDERINGS = ordering_choices(SNAPSHOT_ORDERINGS)
    CONTENT_ORDERINGS = {kind: ordering_choices(columns) for kind, columns in CONTENT_ORDERINGS.items()}

    key = models.CharField(
        _("key"),
        max_length=50,
        unique=True,
        validators=[key_validator],
        help_text=_("Its address in the API and on the site, e.g. 2025-02."),
    )
    title = models.CharField(_("title"), max_length=200)
    start_at = models.DateTimeField(_("start"), help_text=_("Included: what is new from this moment on."))
    end_at = models.DateTimeField(_("end"), help_text=_("Excluded: what is new before this moment."))
    status = models.CharField(
        _("status"), max_length=16, choices=SnapshotStatus.choices, default=SnapshotStatus.PENDING, editable=False
    )
    error_message = models.TextField(_("error"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    built_at = models.DateTimeField(_("built"), null=True, blank=True, editable=False)
    # What the build read: the newest OWASP page sync and GitHub sync at that time (None: never synced).
    owasp_synced_at = models.DateTimeField(_("OWASP data synced"), null=True, blank=True, editable=False)
    github_synced_at = models.DateTimeField(_("GitHub data synced"), null=True, blank=True, editable=False)

    new_projects = models.ManyToManyField("cms.ProjectPage", blank=True, related_name="snapshots", editable=False)
    new_chapters = models.ManyToManyField("cms.ChapterPage", blank=True, related_name="snapshots", editable=False)
    new_issues = models.ManyToManyField("github.Issue", blank=True, related_name="snapshots", editable=False)
    new_releases = models.ManyToManyField("github.Release", blank=True, related_name="snapshots", editable=False)
    new_users = models.ManyToManyField(
        "github.User", through="owasp.SnapshotMember", blank=True, related_name="snapshots", editable=False
    )

    new_projects_count = models.PositiveIntegerField(_("new projects"), null=True, blank=True, editable=False)
    new_chapters_count = models.PositiveIntegerField(_("new chapters"), null=True, blank=True, editable=False)
    new_issues_count = models.PositiveIntegerField(_("new issues"), null=True, blank=True, editable=False)
    new_releases_count = models.PositiveIntegerField(_("new releases"), null=True, blank=True, editable=False)
    new_users_count = models.PositiveIntegerField(_("new members"), null=True, blank=True, editable=False)

    objects = SnapshotQuerySet.as_manager()

    panels = [
        FieldPanel("key"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start_at"), FieldPanel("end_at")], heading=_("Period")),
        MultiFieldPanel(
            [
                FieldPanel("status", read_only=True),
                FieldPanel("error_message", read_only=True),
                FieldPanel("built_at", read_only=True),
                FieldRowPanel(
                    [
                        FieldPanel("new_projects_count", read_only=True),
                        FieldPanel("new_chapters_count", read_only=True),
                        FieldPanel("new_issues_count", read_only=True),
                        FieldPanel("new_releases_count", read_only=True),
                        FieldPanel("new_users_count", read_only=True),
                    ]
                ),
            ],
            heading=_("Build"),
        ),
    ]

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__gt=F("start_at")),
                name="owasp_snapshot_ends_after_start",
                violation_error_message=_("The period must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="owasp_snapshot_status_created")]

    def __str__(self) -> str:
        return f"{self.title} ({self.key})"

    def clean(self):
        super().clean()
        if self.start_at and self.end_at and self.end_at <= self.start_at:
            raise ValidationError({"end_at": _("The period must end after it starts.")})

    @property
    def is_completed(self) -> bool:
        return self.status == SnapshotStatus.COMPLETED

    @property
    def counts(self) -> dict[str, int | None]:
        """How many of each kind the last build found (None: unknown)."""
        return {
            SnapshotContent.PROJECTS: self.new_projects_count,
            SnapshotContent.CHAPTERS: self.new_chapters_count,
            SnapshotContent.ISSUES: self.new_issues_count,
            SnapshotContent.RELEASES: self.new_releases_count,
            SnapshotContent.MEMBERS: self.new_users_count,
        }

    @property
    def github_unknown_reason(self) -> str:
        """Why the issue, release and member counts are unknown; '' when they are known."""
        if self.built_at is not None and self.github_synced_at is None:
            return gettext("GitHub had not been synced when this snapshot was built.")
        return ""

    @property
    def owasp_unknown_reason(self) -> str:
        """Why the project and chapter counts are unknown; '' when they are known."""
        if self.built_at is not None and self.owasp_synced_at is None:
            return gettext("OWASP's data had not been synced when this snapshot was built.")
        return ""

    def content(self, kind: str, ordering: str | None = None):
        """One of the snapshot's lists (``SnapshotContent``) in a total order (``CONTENT_ORDERINGS[kind]``, default
        ``CONTENT_DEFAULT_ORDERING[kind]``), ready to page: pages as still published, issues and releases with their
        repository and organization, members with ``first_contribution_at``. Raises ``InvalidOrdering``."""
        kind = SnapshotContent(kind)
        if kind == SnapshotContent.PROJECTS:
            queryset = self.new_projects.published()
        elif kind == SnapshotContent.CHAPTERS:
            queryset = self.new_chapters.published()
        elif kind == SnapshotContent.ISSUES:
            queryset = self.new_issues.select_related("repository__organization")
        elif kind == SnapshotContent.RELEASES:
            queryset = self.new_releases.select_related("repository__organization")
        else:
            users = self.new_users.model._default_manager
            queryset = (
                users.annotate(entry=FilteredRelation("snapshot_entries", condition=Q(snapshot_entries__snapshot=self)))
                .filter(entry__isnull=False)
                .annotate(first_contribution_at=F("entry__first_contribution_at"))
            )
        return order_by_choice(queryset, ordering, CONTENT_ORDERINGS[kind], CONTENT_DEFAULT_ORDERING[kind])


class SnapshotMember(models.Model):
    """A member new in a snapshot, with the moment of their first contribution to the synced repositories."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="member_entries")
    user = models.ForeignKey("github.User", on_delete=models.CASCADE, related_name="snapshot_entries")
    first_contribution_at = models.DateTimeField()

    class Meta:
        verbose_name = _("snapshot member")
        constraints = [models.UniqueConstraint(fields=["snapshot", "user"], name="owasp_snapshot_member_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.snapshot_id}"

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper

from apps.github.models.common import GitHubNode
from apps.github.names import is_login, is_repository_name


def present_condition(prefix: str = "") -> Q:
    """Still served by GitHub, for repositories reached through ``prefix`` (e.g. "repository__")."""
    return Q(**{f"{prefix}is_gone": False})


def active_condition(prefix: str = "") -> Q:
    """Present and not archived, for repositories reached through ``prefix`` (e.g. "repository__")."""
    return present_condition(prefix) & Q(**{f"{prefix}is_archived": False})


class RepositoryQuerySet(models.QuerySet):
    def present(self):
        """Repositories GitHub still serves (a 404 marks one gone; its rows are kept)."""
        return self.filter(present_condition())

    def active(self):
        """Present and not archived: the ones whose issues the site invites people to work on."""
        return self.filter(active_condition())

    def with_name(self, name: str):
        """Repositories called ``name`` under any owner, case-insensitively; none when it cannot be a name."""
        return self.filter(name__iexact=name) if is_repository_name(name) else self.none()

    def named(self, owner: str, name: str):
        """The repository ``owner``/``name``, case-insensitively as GitHub resolves it; none when either part
        cannot be a GitHub name."""
        if not (is_login(owner) and is_repository_name(name)):
            return self.none()
        return self.filter(owner_login__iexact=owner, name__iexact=name)


class Repository(GitHubNode):
    """A GitHub repository, with the figures the site lists and the sync's link to its OWASP page."""

    organization = models.ForeignKey(
        "github.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="repositories"
    )
    owner_login = models.CharField(max_length=100)
    name = models.CharField(max_length=100)
    full_name = models.CharField(max_length=201, db_index=True)
    description = models.TextField(blank=True)
    homepage = models.CharField(max_length=500, blank=True)
    html_url = models.URLField(max_length=500, blank=True)
    default_branch = models.CharField(max_length=255, blank=True)
    language = models.CharField(max_length=100, blank=True, help_text="GitHub's primary language.")
    languages = models.JSONField(default=dict, blank=True, help_text="Bytes of code per language.")
    topics = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    license_key = models.CharField(max_length=64, blank=True)
    license_spdx_id = models.CharField(max_length=64, blank=True)
    license_name = models.CharField(max_length=255, blank=True)

    stars_count = models.PositiveIntegerField(default=0)
    forks_count = models.PositiveIntegerField(default=0)
    open_issues_count = models.PositiveIntegerField(default=0, help_text="GitHub's count: issues and pulls.")
    watchers_count = models.PositiveIntegerField(default=0)
    size_kb = models.PositiveIntegerField(default=0)

    is_archived = models.BooleanField(default=False)
    is_fork = models.BooleanField(default=False)
    is_template = models.BooleanField(default=False)
    is_disabled = models.BooleanField(default=False)
    has_issues = models.BooleanField(default=True)

    created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    pushed_at = models.DateTimeField(null=True, blank=True)

    project = models.ForeignKey(
        "cms.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repositories",
        db_index=False,  # (project, -stars_count) below serves it
        help_text="The project it belongs to: its www-project-* page, or the project whose links name it.",
    )
    owasp_page = models.ForeignKey(
        "cms.OwaspPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="site_repositories",
        help_text="For a www-* repository: the project, chapter, committee or event page it is the source of.",
    )

    is_gone = models.BooleanField(default=False, help_text="GitHub answered 404 or 410 for it.")
    gone_at = models.DateTimeField(null=True, blank=True)
    previous_names = ArrayField(
        models.CharField(max_length=201),
        default=list,
        blank=True,
        help_text="Full names it had before a rename or transfer (GitHub answered 301): pages linking an old name "
        "still find it.",
    )

    objects = RepositoryQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "repositories"
        indexes = [
            models.Index(fields=["organization", "name"], name="github_repo_org_name"),
            models.Index(fields=["language"], name="github_repo_language"),
            models.Index(fields=["-stars_count"], name="github_repo_stars"),
            models.Index(fields=["-pushed_at"], name="github_repo_pushed"),
            # A project page's repositories by stars, without sorting them all.
            models.Index(fields=["project", "-stars_count"], name="github_repo_project_stars"),
            # A repository by owner and name, case-insensitively as GitHub resolves them (``named``).
            models.Index(Upper("owner_login"), Upper("name"), name="github_repo_owner_name_upper"),
            # The REST repository list in its default order (newest first), read page by page.
            models.Index(fields=["-created_at", "-id"], name="github_repo_created_id"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def license_label(self) -> str:
        """The licence as GitHub identifies it (its SPDX id), else its name ('' when it has none): a licence
        GitHub could not identify has the SPDX id "NOASSERTION" and the name "Other"."""
        return self.license_spdx_id if self.license_spdx_id not in ("", "NOASSERTION") else self.license_name

"""GitHub organizations, repositories, issues, milestones, releases and members, named as Nest names them:
a repository by its owner and name, an issue or milestone by its number there, a release by its tag, a
member by login (case-insensitive, as GitHub resolves names)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from api.rest.filters import (
    IssueFilter,
    MemberFilter,
    MilestoneFilter,
    OrganizationFilter,
    ReleaseFilter,
    RepositoryFilter,
)
from api.rest.serializers import github as serializers
from api.rest.views.base import ReadViewSet, operations
from apps.github.models import Commit, Issue, Label, Milestone, Organization, Release, Repository, User
from apps.github.services.contributors import member_contributions, member_repositories, repository_contributor_totals
from apps.github.services.heatmap import commit_heatmap, member_heatmap
from apps.github.services.languages import language_shares
from apps.github.services.leaders import pages_led_by


def _repository(organization_id: str, repository_id: str):
    return Repository.objects.named(organization_id, repository_id)


@operations(
    "organization",
    "organizations",
    "Community",
    _("Retrieve a paginated list of GitHub organizations."),
    _("Retrieve organization details."),
    item=serializers.OrganizationSerializer,
    detail=serializers.OrganizationDetailSerializer,
)
class OrganizationViewSet(ReadViewSet):
    model = Organization
    filterset_class = OrganizationFilter

    def rows(self):
        return Organization.objects.all()

    def find(self, organization_id: str):
        return Organization.objects.with_login(organization_id).first()


@operations(
    "repository",
    "repositories",
    "Repositories",
    _("Retrieve a paginated list of GitHub repositories."),
    _("Retrieve a specific GitHub repository by organization and repository name."),
    item=serializers.RepositorySerializer,
    detail=serializers.RepositoryDetailSerializer,
)
class RepositoryViewSet(ReadViewSet):
    model = Repository
    filterset_class = RepositoryFilter

    def rows(self):
        return Repository.objects.present()

    def load_page(self, queryset, ids):
        # The items name their project by its short key: its two columns, not a page instance each.
        return super().load_page(queryset, ids).annotate(**serializers.PROJECT_KEY_COLUMNS)

    def find(self, organization_id: str, repository_id: str):
        return _repository(organization_id, repository_id).annotate(**serializers.PROJECT_KEY_COLUMNS).first()

    def prepare(self, repository):
        repository.api_totals = repository_contributor_totals(repository)
        repository.api_languages = language_shares(repository.languages)
        repository.api_heatmap = commit_heatmap(Commit.objects.filter(repository=repository))
        return repository


def with_labels(queryset):
    """Issues with their labels' names, sorted (the prefetch a list of issues shows)."""
    return queryset.prefetch_related(Prefetch("labels", queryset=Label.objects.only("id", "name").order_by("name")))


# The columns a list's items show, and of their repository and people (a list reads 100 rows of each).
REPOSITORY_COLUMNS = ("repository__owner_login", "repository__name", "repository__full_name")  # full_name: URLs
ISSUE_COLUMNS = ("created_at", "state", "title", "updated_at", "number", "comments_count", "closed_at")
RELEASE_COLUMNS = ("created_at", "published_at", "name", "tag_name", "is_prerelease")


class RepositoryRowViewSet(ReadViewSet):
    """Rows of one repository (issues, milestones, releases): listed with ``list_related`` (and only
    ``list_columns`` when given), found by the repository's owner and name and the row's ``key_field``, with
    ``detail_related`` and ``detail_prefetched``."""

    key_field = "number"
    list_related: tuple[str, ...] = ("repository",)
    list_columns: tuple[str, ...] = ()
    detail_related: tuple[str, ...] = ("repository",)
    detail_prefetched: tuple[str, ...] = ()

    def load_page(self, queryset, ids):
        rows = super().load_page(queryset, ids).select_related(*self.list_related)
        return rows.only(*self.list_columns) if self.list_columns else rows

    def key(self, value):
        """The row's key as the URL gives it."""
        return value

    def find(self, organization_id: str, repository_id: str, **key):
        (value,) = key.values()
        return (
            self.rows()
            .filter(repository__in=_repository(organization_id, repository_id), **{self.key_field: self.key(value)})
            .select_related(*self.detail_related)
            .prefetch_related(*self.detail_prefetched)
            .first()
        )


@operations(
    "issue",
    "issues",
    "Issues",
    _("Retrieve a paginated list of GitHub issues."),
    _("Retrieve a specific GitHub issue by organization, repository, and issue number."),
    item=serializers.IssueSerializer,
    detail=serializers.IssueDetailSerializer,
)
class IssueViewSet(RepositoryRowViewSet):
    model = Issue
    filterset_class = IssueFilter
    list_related = ("repository", "author", "assignee", "ai_summary")
    list_columns = (
        *ISSUE_COLUMNS,
        *REPOSITORY_COLUMNS,
        "author__login",
        "assignee__login",
        "ai_summary__summary",
        "ai_summary__hint",
    )
    detail_related = ("repository", "author", "assignee", "milestone", "ai_summary")
    detail_prefetched = ("labels", "assignees")

    def rows(self):
        return Issue.objects.all()

    def load_page(self, queryset, ids):
        return with_labels(super().load_page(queryset, ids))


@operations(
    "milestone",
    "milestones",
    "Milestones",
    _("Retrieve a paginated list of GitHub milestones."),
    _("Retrieve a specific GitHub milestone by organization, repository, and milestone number."),
    item=serializers.MilestoneSerializer,
    detail=serializers.MilestoneDetailSerializer,
)
class MilestoneViewSet(RepositoryRowViewSet):
    model = Milestone
    filterset_class = MilestoneFilter

    def rows(self):
        return Milestone.objects.all()


@operations(
    "release",
    "releases",
    "Releases",
    _("Retrieve a paginated list of GitHub releases."),
    _("Retrieve a specific GitHub release by organization, repository, and tag name."),
    item=serializers.ReleaseSerializer,
    detail=serializers.ReleaseDetailSerializer,
)
class ReleaseViewSet(RepositoryRowViewSet):
    model = Release
    filterset_class = ReleaseFilter
    key_field = "tag_name"
    list_related = detail_related = ("repository", "author")
    list_columns = (*RELEASE_COLUMNS, *REPOSITORY_COLUMNS, "author__login")

    def rows(self):
        return Release.objects.published()

    def key(self, value):
        return value.removesuffix("/")  # a tag never ends with a slash: the path's own one


@operations(
    "member",
    "members",
    "Community",
    _("Retrieve a paginated list of GitHub users."),
    _("Retrieve member details."),
    item=serializers.MemberSerializer,
    detail=serializers.MemberDetailSerializer,
)
class MemberViewSet(ReadViewSet):
    model = User
    filterset_class = MemberFilter

    def rows(self):
        return User.objects.all()

    def find(self, member_id: str):
        return User.objects.with_login(member_id).first()

    def prepare(self, user):
        user.api_totals = member_contributions(user)
        user.api_repositories = member_repositories(user)
        user.api_leads = [
            {
                "kind": leader.page.specific_class._meta.model_name.removesuffix("page"),
                "key": leader.page.short_key,
                "name": leader.page.title,
                "url": self.request.build_absolute_uri(leader.page.url) if leader.page.url else "",
            }
            for leader in pages_led_by(user)
        ]
        user.api_heatmap = member_heatmap(user)
        return user


@operations(
    "user",
    "users",
    "Community",
    _("The members list under /users/ (an alias of /members/)."),
    _("Member details under /users/{login} (an alias of /members/{login})."),
    item=serializers.MemberSerializer,
    detail=serializers.MemberDetailSerializer,
)
class UserViewSet(MemberViewSet):
    pass

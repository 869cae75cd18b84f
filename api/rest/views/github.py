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
    serializer_class = serializers.OrganizationSerializer
    detail_serializer_class = serializers.OrganizationDetailSerializer
    filterset_class = OrganizationFilter
    not_found_message = "Organization not found"

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
    serializer_class = serializers.RepositorySerializer
    detail_serializer_class = serializers.RepositoryDetailSerializer
    filterset_class = RepositoryFilter
    not_found_message = "Repository not found"

    def rows(self):
        return Repository.objects.present()

    def load_page(self, queryset, ids):
        return super().load_page(queryset, ids).select_related("project")

    def find(self, organization_id: str, repository_id: str):
        return _repository(organization_id, repository_id).select_related("project").first()

    def prepare(self, repository):
        repository.api_totals = repository_contributor_totals(repository)
        repository.api_languages = language_shares(repository.languages)
        repository.api_heatmap = commit_heatmap(Commit.objects.filter(repository=repository))
        return repository


def _with_repository(queryset):
    return queryset.select_related("repository")


# The columns a list's items show, and of their repository and people (a list reads 100 rows of each).
REPOSITORY_COLUMNS = ("repository__owner_login", "repository__name", "repository__full_name")  # full_name: URLs
ISSUE_COLUMNS = ("created_at", "state", "title", "updated_at", "number", "comments_count", "closed_at")
RELEASE_COLUMNS = ("created_at", "published_at", "name", "tag_name", "is_prerelease")


@operations(
    "issue",
    "issues",
    "Issues",
    _("Retrieve a paginated list of GitHub issues."),
    _("Retrieve a specific GitHub issue by organization, repository, and issue number."),
    item=serializers.IssueSerializer,
    detail=serializers.IssueDetailSerializer,
)
class IssueViewSet(ReadViewSet):
    model = Issue
    serializer_class = serializers.IssueSerializer
    detail_serializer_class = serializers.IssueDetailSerializer
    filterset_class = IssueFilter
    not_found_message = "Issue not found"

    def rows(self):
        return Issue.objects.all()

    def load_page(self, queryset, ids):
        labels = Prefetch("labels", queryset=Label.objects.only("id", "name").order_by("name"))
        return (
            super()
            .load_page(queryset, ids)
            .select_related("repository", "author", "assignee")
            .only(*ISSUE_COLUMNS, *REPOSITORY_COLUMNS, "author__login", "assignee__login")
            .prefetch_related(labels)
        )

    def find(self, organization_id: str, repository_id: str, issue_id: str):
        return (
            Issue.objects.filter(repository__in=_repository(organization_id, repository_id), number=int(issue_id))
            .select_related("repository", "author", "assignee", "milestone")
            .prefetch_related("labels", "assignees")
            .first()
        )


@operations(
    "milestone",
    "milestones",
    "Milestones",
    _("Retrieve a paginated list of GitHub milestones."),
    _("Retrieve a specific GitHub milestone by organization, repository, and milestone number."),
    item=serializers.MilestoneSerializer,
    detail=serializers.MilestoneDetailSerializer,
)
class MilestoneViewSet(ReadViewSet):
    model = Milestone
    serializer_class = serializers.MilestoneSerializer
    detail_serializer_class = serializers.MilestoneDetailSerializer
    filterset_class = MilestoneFilter
    not_found_message = "Milestone not found"

    def rows(self):
        return Milestone.objects.all()

    def load_page(self, queryset, ids):
        return _with_repository(super().load_page(queryset, ids))

    def find(self, organization_id: str, repository_id: str, milestone_id: str):
        return _with_repository(
            Milestone.objects.filter(
                repository__in=_repository(organization_id, repository_id), number=int(milestone_id)
            )
        ).first()


@operations(
    "release",
    "releases",
    "Releases",
    _("Retrieve a paginated list of GitHub releases."),
    _("Retrieve a specific GitHub release by organization, repository, and tag name."),
    item=serializers.ReleaseSerializer,
    detail=serializers.ReleaseDetailSerializer,
)
class ReleaseViewSet(ReadViewSet):
    model = Release
    serializer_class = serializers.ReleaseSerializer
    detail_serializer_class = serializers.ReleaseDetailSerializer
    filterset_class = ReleaseFilter
    not_found_message = "Release not found"

    def rows(self):
        return Release.objects.published()

    def load_page(self, queryset, ids):
        return (
            super()
            .load_page(queryset, ids)
            .select_related("repository", "author")
            .only(*RELEASE_COLUMNS, *REPOSITORY_COLUMNS, "author__login")
        )

    def find(self, organization_id: str, repository_id: str, release_id: str):
        release_id = release_id.removesuffix("/")  # a tag never ends with a slash: the path's own one
        return (
            Release.objects.published()
            .filter(repository__in=_repository(organization_id, repository_id), tag_name=release_id)
            .select_related("repository", "author")
            .first()
        )


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
    serializer_class = serializers.MemberSerializer
    detail_serializer_class = serializers.MemberDetailSerializer
    filterset_class = MemberFilter
    not_found_message = "Member not found"

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

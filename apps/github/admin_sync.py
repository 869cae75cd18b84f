"""Admin for the synced GitHub data, so staff can browse it. Read-mostly: the sync owns these rows."""

from django.contrib import admin

from apps.github.models import (
    Commit,
    Issue,
    Label,
    Milestone,
    Organization,
    PullRequest,
    Release,
    Repository,
    RepositoryContributor,
    RepositorySyncState,
    User,
)


class SyncedAdmin(admin.ModelAdmin):
    """Big tables: no exact total under the list, related rows by id rather than in a select box."""

    show_full_result_count = False
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        # The next sync would overwrite any edit; only local fields (e.g. a repository's project) stay editable.
        hidden = set(getattr(self, "editable_fields", ())) | set(self.exclude or ())
        return [field.name for field in self.model._meta.fields if field.name not in hidden]


@admin.register(Organization)
class OrganizationAdmin(SyncedAdmin):
    """Staff mark an organization OWASP-related (all its public repositories are synced and count for its
    project), and may name that project."""

    list_display = ("login", "name", "is_owasp_related", "project", "public_repos_count", "last_synced_at")
    list_filter = ("is_owasp_related",)
    list_select_related = ("project",)
    search_fields = ("login", "name")
    exclude = ("sync_pages",)
    editable_fields = ("is_owasp_related", "project")
    raw_id_fields = ("project",)


@admin.register(Repository)
class RepositoryAdmin(SyncedAdmin):
    list_display = (
        "full_name",
        "language",
        "stars_count",
        "forks_count",
        "open_issues_count",
        "is_archived",
        "is_gone",
        "pushed_at",
    )
    list_filter = ("is_archived", "is_gone", "is_fork", "organization")
    search_fields = ("full_name", "description")
    ordering = ("full_name",)


@admin.register(User)
class UserAdmin(SyncedAdmin):
    list_display = ("login", "name", "type")
    list_filter = ("type",)
    search_fields = ("login", "name")


class WithGoneAdmin(SyncedAdmin):
    """Staff see the rows GitHub no longer serves too (``all_objects``), filterable by ``gone_at``."""

    def get_queryset(self, request):
        queryset = self.model.all_objects.get_queryset()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset


class IssueLikeAdmin(WithGoneAdmin):
    list_display = ("number", "title", "repository", "state", "author", "comments_count", "updated_at", "gone_at")
    list_filter = ("state", ("gone_at", admin.EmptyFieldListFilter))
    list_select_related = ("repository", "author")
    search_fields = ("title", "repository__full_name")
    raw_id_fields = ("repository", "author", "assignee", "milestone")
    ordering = ("-updated_at", "-id")
    date_hierarchy = None


@admin.register(Issue)
class IssueAdmin(IssueLikeAdmin):
    pass


@admin.register(PullRequest)
class PullRequestAdmin(IssueLikeAdmin):
    list_display = IssueLikeAdmin.list_display + ("merged_at",)


@admin.register(Release)
class ReleaseAdmin(WithGoneAdmin):
    list_display = ("tag_name", "name", "repository", "is_prerelease", "published_at", "gone_at")
    list_filter = (("gone_at", admin.EmptyFieldListFilter),)
    list_select_related = ("repository",)
    search_fields = ("tag_name", "name", "repository__full_name")
    raw_id_fields = ("repository", "author")


@admin.register(Label)
class LabelAdmin(SyncedAdmin):
    list_display = ("name", "repository", "color", "is_default")
    list_select_related = ("repository",)
    search_fields = ("name", "repository__full_name")
    raw_id_fields = ("repository",)


@admin.register(Milestone)
class MilestoneAdmin(SyncedAdmin):
    list_display = ("title", "repository", "state", "due_on")
    list_select_related = ("repository",)
    search_fields = ("title", "repository__full_name")
    raw_id_fields = ("repository", "creator")


@admin.register(RepositoryContributor)
class RepositoryContributorAdmin(SyncedAdmin):
    list_display = ("user", "repository", "contributions")
    list_select_related = ("user", "repository")
    search_fields = ("user__login", "repository__full_name")
    raw_id_fields = ("repository", "user")


@admin.register(Commit)
class CommitAdmin(SyncedAdmin):
    list_display = ("sha", "repository", "author_name", "authored_at", "message")
    list_select_related = ("repository",)
    search_fields = ("sha", "repository__full_name", "author_name")
    raw_id_fields = ("repository", "author")


@admin.register(RepositorySyncState)
class RepositorySyncStateAdmin(SyncedAdmin):
    list_display = ("repository", "last_synced_at", "last_full_sync_at", "failures", "last_error")
    list_filter = ("failures",)
    list_select_related = ("repository",)
    search_fields = ("repository__full_name", "last_error")
    exclude = ("pages",)

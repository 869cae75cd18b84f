"""Admin for project health: thresholds staff edit, records and figures staff read, and the leader-to-GitHub
matches staff confirm (the ``reviewed`` flag, editable in the list, and the confirm/reject actions)."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from apps.github.models import HealthThreshold, LeaderGitHubMatch, MatchMethod, ProjectFigures, ProjectHealthRecord
from apps.github.services.leaders import confirm_matches, reject_matches


@admin.register(HealthThreshold)
class HealthThresholdAdmin(admin.ModelAdmin):
    list_display = (
        "level",
        "min_contributors",
        "min_forks",
        "min_stars",
        "min_recent_releases",
        "max_open_pull_requests",
        "max_days_since_last_commit",
        "max_unanswered_issues",
        "min_leaders",
        "updated_at",
    )
    readonly_fields = ("updated_at",)
    fieldsets = (
        (None, {"fields": ("level",)}),
        ("Community", {"fields": ("min_contributors", "min_forks", "min_stars", "min_leaders")}),
        (
            "Activity",
            {
                "fields": (
                    "min_recent_releases",
                    "recent_releases_window_days",
                    "max_days_since_last_commit",
                    "max_days_since_last_pull_request",
                    "max_days_since_last_release",
                )
            },
        ),
        ("Backlog", {"fields": ("max_open_pull_requests", "max_unanswered_issues", "max_unassigned_issues")}),
        (None, {"fields": ("updated_at",)}),
    )


@admin.register(ProjectHealthRecord)
class ProjectHealthRecordAdmin(admin.ModelAdmin):
    list_display = ("project", "date", "score", "level")
    list_filter = ("level", "date")
    search_fields = ("project__title",)
    date_hierarchy = "date"
    list_select_related = ("project",)
    fields = ("project", "date", "score", "level", "checks_table", "created_at", "updated_at")
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="checks")
    def checks_table(self, obj):
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    check.get("label", check.get("name")),
                    "—" if check.get("value") is None else check.get("value"),
                    "≥" if check.get("comparison") == "min" else "≤",
                    check.get("threshold"),
                    "passed" if check.get("passed") else "failed",
                    check.get("weight"),
                )
                for check in obj.checks or []
            ),
        )
        return format_html(
            "<table><thead><tr><th>Check</th><th>Value</th><th>Threshold</th><th>Result</th><th>Weight</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            rows,
        )


@admin.register(ProjectFigures)
class ProjectFiguresAdmin(admin.ModelAdmin):
    list_display = (
        "project",
        "repositories_count",
        "stars_count",
        "forks_count",
        "contributors_count",
        "open_issues_count",
        "releases_count",
        "last_pushed_at",
        "refreshed_at",
    )
    search_fields = ("project__title",)
    list_select_related = ("project",)
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(LeaderGitHubMatch)
class LeaderGitHubMatchAdmin(admin.ModelAdmin):
    list_display = ("leader_name", "page", "user", "method", "reviewed", "reviewed_by", "reviewed_at")
    list_editable = ("reviewed",)
    list_filter = ("reviewed", "method")
    search_fields = ("leader__name", "leader__github_login", "user__login", "user__name")
    list_select_related = ("leader__page", "user", "reviewed_by")
    raw_id_fields = ("leader", "user")
    fields = ("leader", "user", "method", "reviewed", "reviewed_by", "reviewed_at", "created_at", "updated_at")
    readonly_fields = ("method", "reviewed_by", "reviewed_at", "created_at", "updated_at")
    actions = ("confirm_selected", "reject_selected")

    @admin.display(description="leader", ordering="leader__name")
    def leader_name(self, obj):
        return obj.leader.name

    @admin.display(description="page", ordering="leader__page__title")
    def page(self, obj):
        return obj.leader.page.title

    def get_readonly_fields(self, request, obj=None):
        fields = self.readonly_fields
        return (*fields, "leader") if obj is not None else fields

    def save_model(self, request, obj, form, change):
        """Staff choosing the user makes the match manual; ticking ``reviewed`` records who and when."""
        if not change or "user" in form.changed_data:
            obj.method = MatchMethod.MANUAL
        if "reviewed" in form.changed_data:
            obj.reviewed_by = request.user if obj.reviewed else None
            obj.reviewed_at = timezone.now() if obj.reviewed else None
        super().save_model(request, obj, form, change)

    @admin.action(description="Confirm the selected matches", permissions=["change"])
    def confirm_selected(self, request, queryset):
        count = confirm_matches(queryset, by=request.user)
        self.message_user(request, f"{count} match(es) confirmed.", messages.SUCCESS)

    @admin.action(description="Reject the selected matches (leader has no such account)", permissions=["change"])
    def reject_selected(self, request, queryset):
        count = reject_matches(queryset, by=request.user)
        self.message_user(request, f"{count} match(es) rejected.", messages.SUCCESS)

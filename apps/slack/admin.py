"""NestBot in the admin: what was used and what failed (read only), the texts staff edit, and the workspace
sync's suggestions staff confirm or reject."""

from django.contrib import admin

from apps.slack.models import ChannelGuide, CommandUse, Conversation, HandlerFailure, Installation, Member, SlackText
from apps.slack.models.workspace import LinkState


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CommandUse)
class CommandUseAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "command", "args", "user_name", "user_id", "team_id", "channel_id")
    list_filter = ("command", "team_id")
    search_fields = ("user_id", "user_name", "command", "args")
    date_hierarchy = "created_at"


@admin.register(HandlerFailure)
class HandlerFailureAdmin(ReadOnlyAdmin):
    list_display = ("handler", "count", "last_failed_at", "last_error")


@admin.register(SlackText)
class SlackTextAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "url", "updated_at")


@admin.register(ChannelGuide)
class ChannelGuideAdmin(admin.ModelAdmin):
    list_display = ("channel_name", "channel_id", "enabled")
    list_editable = ("enabled",)


def _review(field: str, state: str, label: str):
    def action(modeladmin, request, queryset):
        changed = queryset.exclude(**{f"{field}_link": LinkState.NONE}).update(**{f"{field}_link": state})
        modeladmin.message_user(request, f"{changed} marked {state}.")

    action.short_description = label
    action.__name__ = f"{field}_{state}"
    return action


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("__str__", "name", "slack_id", "team_id", "github_user", "github_link", "is_bot", "deleted")
    list_filter = ("github_link", "is_bot", "deleted", "team_id")
    search_fields = ("name", "real_name", "display_name", "slack_id", "github_user__login")
    raw_id_fields = ("github_user",)
    readonly_fields = ("team_id", "slack_id", "name", "real_name", "display_name", "title", "synced_at")
    actions = [
        _review("github", LinkState.CONFIRMED, "Confirm the suggested GitHub user"),
        _review("github", LinkState.REJECTED, "Reject the suggested GitHub user"),
    ]

    def save_model(self, request, obj, form, change):
        if "github_user" in form.changed_data:  # set by hand: a staff decision
            obj.github_link = LinkState.CONFIRMED if obj.github_user_id else LinkState.REJECTED
        super().save_model(request, obj, form, change)


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "slack_id", "page", "page_link", "answers_questions", "member_count", "is_archived")
    list_filter = ("page_link", "answers_questions", "is_archived", "team_id")
    list_editable = ("answers_questions",)
    search_fields = ("name", "slack_id", "topic")
    raw_id_fields = ("page",)
    readonly_fields = ("team_id", "slack_id", "name", "topic", "purpose", "member_count", "is_archived", "synced_at")
    actions = [
        _review("page", LinkState.CONFIRMED, "Confirm the matched page"),
        _review("page", LinkState.REJECTED, "Reject the matched page"),
    ]

    def save_model(self, request, obj, form, change):
        if "page" in form.changed_data:
            obj.page_link = LinkState.CONFIRMED if obj.page_id else LinkState.REJECTED
        super().save_model(request, obj, form, change)


@admin.register(Installation)
class InstallationAdmin(ReadOnlyAdmin):
    list_display = ("team_name", "team_id", "enterprise_id", "installed_at", "user_id")
    exclude = ("bot_token", "user_token")  # never shown

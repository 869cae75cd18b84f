"""The prompts in the Django admin: staff edit a prompt's text; each save keeps the previous text as a version,
shown read-only below it."""

from django.contrib import admin

from apps.ai.models import Prompt, PromptVersion


class PromptVersionInline(admin.TabularInline):
    model = PromptVersion
    fields = ("version", "text", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin):
    list_display = ("key", "description", "version", "updated_at")
    search_fields = ("key", "description", "text")
    readonly_fields = ("version", "updated_at")
    fields = ("key", "description", "text", "version", "updated_at")
    inlines = [PromptVersionInline]

    def get_readonly_fields(self, request, obj=None):
        # The code asks for a prompt by its key: an existing one keeps it.
        return (*self.readonly_fields, "key") if obj else self.readonly_fields

"""API keys in the Django admin: staff see every key (never the key itself, which is not stored) and may revoke
one. Keys are made by their owners only (/accounts/api-keys/), who alone are shown them."""

from django.contrib import admin

from apps.core.models import ApiKey
from apps.core.services.api_keys import revoke_keys


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "status_label", "created_at", "expires_at", "last_used_at")
    list_filter = ("revoked_at", "expires_at")
    search_fields = ("name", "prefix", "user__username")
    list_select_related = ("user",)
    readonly_fields = ("user", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at")
    exclude = ("secret_hash",)
    actions = ["revoke"]

    @admin.display(description="status")
    def status_label(self, key: ApiKey) -> str:
        return key.status().label

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke(self, request, queryset):
        revoked = revoke_keys(queryset)
        self.message_user(request, f"{revoked} key(s) revoked.")

    def has_add_permission(self, request) -> bool:
        return False

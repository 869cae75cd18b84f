from django.contrib import admin

from apps.owasp.models import SyncRun


@admin.register(SyncRun)
class SyncRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "source", "succeeded", "created", "updated", "unchanged", "inactivated", "skipped"]
    list_filter = ["succeeded"]
    readonly_fields = [field.name for field in SyncRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

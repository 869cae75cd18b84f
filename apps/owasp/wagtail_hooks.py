"""The editors' admin for community snapshots (a Wagtail snippet): staff create one, its build is queued; a
"Rebuild" action rebuilds it. The listing shows each one's status and counts.

Registered here rather than in ``cms.wagtail_hooks``: queueing a build imports the OWASP tasks, which the domain
(``cms``) may not import.
"""

import logging

from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, SnippetViewSet

from apps.owasp.models import Snapshot, SnapshotStatus
from apps.owasp.services.snapshots import request_build
from apps.owasp.tasks import build_snapshot_task

logger = logging.getLogger(__name__)


def queue_build(snapshot: Snapshot) -> None:
    """Ask a worker to build ``snapshot`` once the current transaction commits. Should the broker be unreachable,
    the snapshot stays pending and the beat row "OWASP snapshots" builds it within minutes."""
    snapshot_id = snapshot.pk

    def send():
        try:
            build_snapshot_task.delay(snapshot_id)
        except Exception:
            logger.exception("snapshot %s: could not queue its build; the scheduled run will build it", snapshot_id)

    transaction.on_commit(send)


class CountColumn(Column):
    """A count of a snapshot's content: empty before the first build, "unknown" when the build could not know."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None and instance.built_at is not None:
            return gettext("unknown")
        return value


class SnapshotIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            url = reverse(SnapshotViewSet.rebuild_url_name, args=[instance.pk])
            buttons.append(MenuItem(gettext("Rebuild"), url=url, icon_name="rotate", priority=15))
        return buttons


class SnapshotCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        queue_build(instance)
        return instance

    def get_success_message(self, instance):
        return gettext("Snapshot '%(snapshot)s' created: its build is queued.") % {"snapshot": instance}


class SnapshotEditView(EditView):
    def save_instance(self):
        instance = super().save_instance()
        if {"start_at", "end_at"} & set(self.form.changed_data):
            request_build(instance)
            queue_build(instance)
        return instance


class SnapshotRebuildView(PermissionCheckedMixin, WagtailAdminTemplateMixin, BaseObjectMixin, TemplateView):
    """GET: ask to confirm; POST: mark the snapshot pending and queue its build."""

    model = Snapshot
    permission_required = "change"
    template_name = "owasp/snapshot_confirm_rebuild.html"
    page_title = gettext_lazy("Rebuild")
    header_icon = "rotate"

    def get_page_subtitle(self):
        return str(self.object)

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            snapshot = request_build(self.object)
            queue_build(snapshot)
        messages.success(request, gettext("Snapshot '%(snapshot)s': rebuild queued.") % {"snapshot": snapshot})
        return redirect(SnapshotViewSet.list_url_name)


class SnapshotViewSet(SnippetViewSet):
    model = Snapshot
    icon = "history"
    menu_label = gettext_lazy("Snapshots")
    menu_order = 310
    add_to_admin_menu = True
    index_view_class = SnapshotIndexView
    add_view_class = SnapshotCreateView
    edit_view_class = SnapshotEditView
    copy_view_enabled = False
    list_display = [
        "title",
        "key",
        "start_at",
        "end_at",
        StatusTagColumn(
            "status",
            label=gettext_lazy("Status"),
            accessor="get_status_display",
            primary=lambda snapshot: snapshot.status == SnapshotStatus.COMPLETED,
        ),
        CountColumn("new_projects_count", label=gettext_lazy("Projects")),
        CountColumn("new_chapters_count", label=gettext_lazy("Chapters")),
        CountColumn("new_issues_count", label=gettext_lazy("Issues")),
        CountColumn("new_releases_count", label=gettext_lazy("Releases")),
        CountColumn("new_users_count", label=gettext_lazy("Members")),
        Column(
            "error_message",
            label=gettext_lazy("Error"),
            accessor=lambda snapshot: Truncator(snapshot.error_message).chars(80),
        ),
        "built_at",
    ]
    list_filter = ["status"]
    search_fields = ["key", "title"]
    ordering = ["-created_at", "-id"]

    list_url_name = "wagtailsnippets_owasp_snapshot:list"
    rebuild_url_name = "wagtailsnippets_owasp_snapshot:rebuild"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("rebuild/<int:pk>/", self.construct_view(SnapshotRebuildView), name="rebuild"),
        ]


register_snippet(SnapshotViewSet)

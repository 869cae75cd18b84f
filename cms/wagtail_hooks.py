"""Admin registration: the Sponsor and StaffMember snippets, each with its provenance panel (see cms.forms /
cms.panels)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import Sponsor, StaffMember


class SponsorViewSet(SnippetViewSet):
    model = Sponsor
    icon = "group"
    menu_label = "Sponsors"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "sponsor_tier", "member_tier", "is_active", "last_synced_at"]
    list_filter = ["sponsor_tier", "member_tier", "is_active"]
    search_fields = ["name"]
    ordering = ["sortname", "name"]


register_snippet(SponsorViewSet)


class StaffMemberViewSet(SnippetViewSet):
    model = StaffMember
    icon = "user"
    menu_label = "Staff"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "title", "location", "is_vacant", "is_active", "last_synced_at"]
    list_filter = ["is_vacant", "is_active"]
    search_fields = ["name", "title"]
    ordering = ["position", "name"]


register_snippet(StaffMemberViewSet)

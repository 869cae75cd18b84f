"""Admin registration: the Sponsor snippet, with its provenance panel (see cms.forms / cms.panels)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import Sponsor


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

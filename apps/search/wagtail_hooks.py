"""The synonym list in the Wagtail admin (a snippet editors maintain)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from apps.search.models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "Search synonyms"
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["note"]


register_snippet(SynonymViewSet)

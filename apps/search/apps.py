from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "apps.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        # The system check that refuses an unavailable SEARCH_BACKEND, and the receivers that keep the index
        # fresh (data_changed, Wagtail's page signals, synonym edits).
        from apps.search import checks, receivers  # noqa: F401

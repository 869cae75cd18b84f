from django.apps import AppConfig


class ThemeConfig(AppConfig):
    name = "theme"
    verbose_name = "Public site theme"

    def ready(self):
        from theme import page_context, signals  # noqa: F401 - page_context registers the pages' providers

        signals.connect()

from django.apps import AppConfig


class ThemeConfig(AppConfig):
    name = "theme"
    verbose_name = "Public site theme"

    def ready(self):
        from theme import signals

        signals.connect()

from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "OWASP pages"

    def ready(self):
        from cms import chapter_events, restrictions, routing

        restrictions.connect()
        routing.connect()
        chapter_events.connect()

from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "OWASP pages"

    def ready(self):
        from cms import restrictions, routing

        restrictions.connect()
        routing.connect()

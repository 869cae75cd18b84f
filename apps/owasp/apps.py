from django.apps import AppConfig


class OwaspConfig(AppConfig):
    name = "apps.owasp"
    label = "owasp"
    verbose_name = "OWASP data sync"

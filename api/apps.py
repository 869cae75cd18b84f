from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "REST and GraphQL APIs"

    def ready(self):
        from api.rest import signals

        signals.connect()

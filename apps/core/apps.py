from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Make the project's Celery app the current one in every process, so shared tasks use its broker.
        import nest.celery  # noqa: F401
        from apps.core import (
            checks,  # noqa: F401 - registers the deployment checks
            observability,
        )

        # Sentry and tracing when configured; the request id and task metrics always (apps.core.observability).
        observability.setup()

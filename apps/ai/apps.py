from django.apps import AppConfig


class AiConfig(AppConfig):
    """Embeddings of Nest's content (pgvector) and retrieval over them."""

    name = "apps.ai"
    label = "ai"
    verbose_name = "AI"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from apps.ai import signals

        signals.connect()

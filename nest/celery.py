"""The Celery app: broker on Redis (REDIS_URL) or RabbitMQ (CELERY_BROKER_URL), results on Redis, beat schedule
in the database (django-celery-beat). Delivery settings (acks late, durable queues): nest/settings/base.py.

Start with ``celery -A nest worker`` and ``celery -A nest beat``; web processes import it from
``apps.core.apps.CoreConfig.ready`` so ``.delay()`` goes through this app.
"""

from nest.bootstrap import setup_environment

setup_environment()

from celery import Celery  # noqa: E402
from configurations import importer  # noqa: E402

# Celery's Django fix-up loads the settings; django-configurations must hook the import first.
importer.install()

app = Celery("nest")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

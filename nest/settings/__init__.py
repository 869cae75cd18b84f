"""One settings class per environment, chosen by DJANGO_CONFIGURATION (django-configurations)."""

from nest.settings.local import Local
from nest.settings.production import Production
from nest.settings.test import Test

__all__ = ["Local", "Production", "Test"]

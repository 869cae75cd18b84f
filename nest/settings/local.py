from configurations import values

from nest.settings.base import Base


class Local(Base):
    """A developer's machine: debug on, embedded PostgreSQL unless DATABASE_URL is set."""

    DEBUG = values.BooleanValue(True)
    INSTALLED_APPS = [*Base.INSTALLED_APPS, "devtools"]  # generate_data, run_fake_github
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

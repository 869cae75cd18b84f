from configurations import values

from nest.settings.base import BASE_DIR, Base, instance_name


class Local(Base):
    """A developer's machine: debug on, embedded PostgreSQL unless DATABASE_URL is set."""

    DEBUG = values.BooleanValue(True)
    INSTALLED_APPS = [*Base.INSTALLED_APPS, "devtools"]  # generate_data, run_fake_github
    NEST_GRAPHIQL = values.BooleanValue(True, environ_prefix=None)
    EMAIL_BACKEND = values.Value("django.core.mail.backends.console.EmailBackend", environ_prefix=None)
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    # Front ends served from this machine (any port) may call the APIs.
    CORS_ALLOWED_ORIGIN_REGEXES = [r"^https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$"]

    # Checkouts on one machine share its Redis: each gets a cache prefix and a Celery queue named after its
    # folder and database, so one never clears another's cache or runs another's tasks. CACHE_KEY_PREFIX and
    # CELERY_TASK_DEFAULT_QUEUE in the environment choose them instead.
    CACHE_KEY_PREFIX = values.Value("", environ_prefix=None)
    CELERY_TASK_DEFAULT_QUEUE = values.Value("", environ_prefix=None)

    @classmethod
    def setup(cls):
        super().setup()  # reads the environment into the values
        name = instance_name(BASE_DIR, cls.DATABASE_URL)
        cls.CACHE_KEY_PREFIX = cls.CACHE_KEY_PREFIX or name
        cls.CELERY_TASK_DEFAULT_QUEUE = cls.CELERY_TASK_DEFAULT_QUEUE or name

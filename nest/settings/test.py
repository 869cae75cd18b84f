import os

from configurations import values

from nest import embedded_db
from nest.settings.base import Base, database_from_env


class Test(Base):
    """The test suite. Its database is a throw-away embedded cluster of its own (started by tests/conftest.py
    in ``embedded_db.test_data_dir()``) unless NEST_TEST_DATABASE_URL names a server; never the developer's
    DATABASE_URL or .pgdata. Its cache prefix and Celery queue are per run, so concurrent runs never meet."""

    DEBUG = False
    INSTALLED_APPS = [*Base.INSTALLED_APPS, "devtools"]  # generate_data, run_fake_github
    SECRET_KEY = "test-secret-key-at-least-32-bytes-for-jwt-hmac"  # noqa: S105 - tests only (HS256 wants 32+)
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    CACHE_KEY_PREFIX = values.Value(
        f"nest-test-{os.getpid()}", environ_name="NEST_TEST_CACHE_PREFIX", environ_prefix=None
    )
    CELERY_TASK_DEFAULT_QUEUE = values.Value(
        f"nest-test-{os.getpid()}", environ_name="NEST_TEST_QUEUE", environ_prefix=None
    )
    # Rate limits out of the way of the other tests (the API fuzz runs thousands of requests); the throttling
    # tests set small ones.
    NEST_API_RATE_ANONYMOUS = "100000/minute"
    NEST_API_RATE_AUTHENTICATED = "100000/minute"
    NEST_API_RATE_TOKEN = "100000/minute"  # noqa: S105 - a rate, not a password
    NEST_ASK_RATE = "100000/minute"
    NEST_API_RATE_AI = "100000/minute"
    NEST_SEARCH_RATE = "100000/minute"
    NEST_SEARCH_AS_YOU_TYPE_RATE = "100000/minute"
    NEST_SIGN_IN_RATE = "100000/minute"
    ACCOUNT_RATE_LIMITS = {"login": "100000/m/ip", "login_failed": "100000/m/ip,100000/300s/key"}
    # Pages are not cached in tests (rows change between tests without a publish); cache tests turn it on.
    NEST_PAGE_CACHE_SECONDS = 0
    NEST_FRAGMENT_CACHE = False
    # The index follows every sync inline (no worker in tests): the synced test database has its documents.
    SEARCH_INLINE_LIMIT = 1_000_000
    # No worker consumes the queue in tests: they embed through the service (the task's test runs it eagerly).
    NEST_AI_EMBED_ON_CHANGE = False
    NEST_AI_EMBEDDING_PROVIDER = "local"  # whatever the developer's environment says
    OPENAI_API_KEY = ""
    TEST_DATABASE_URL = values.Value("", environ_name="NEST_TEST_DATABASE_URL", environ_prefix=None)

    @property
    def DATABASES(self):  # noqa: N802
        socket_dir = str(embedded_db.test_data_dir())
        return {"default": database_from_env(self.TEST_DATABASE_URL, test_name="nest_test", socket_dir=socket_dir)}

    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

from configurations import values

from nest.settings.base import Base, database_from_env


class Production(Base):
    """Production: refuses to start without DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS; secure by default."""

    DEBUG = values.BooleanValue(False)
    SECRET_KEY = values.SecretValue()
    ALLOWED_HOSTS = values.ListValue(environ_required=True)

    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = values.BooleanValue(True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = values.IntegerValue(31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    # /healthz is probed over plain HTTP by the load balancer and compose health checks.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

    @property
    def DATABASES(self):  # noqa: N802
        config = database_from_env(self.DATABASE_URL)
        # psycopg's connection pool; CONN_MAX_AGE must stay 0 with it.
        config["CONN_MAX_AGE"] = 0
        config.setdefault("OPTIONS", {})["pool"] = {"min_size": 2, "max_size": 10, "timeout": 10}
        return {"default": config}

from configurations import values

from nest.settings.base import Base, database_from_env, with_replica


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
    # One JSON object per log line, for the collector (NEST_LOG_FORMAT=plain for a terminal).
    NEST_LOG_FORMAT = values.Value("json", environ_prefix=None)
    # /healthz is probed over plain HTTP by the load balancer and compose health checks.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

    # psycopg's connection pool, per process and per database (default, and the replica when set): a gunicorn
    # worker or Celery worker process holds up to DATABASE_POOL_MAX_SIZE connections (README, Operations).
    DATABASE_POOL_MIN_SIZE = values.IntegerValue(2, environ_prefix=None)
    DATABASE_POOL_MAX_SIZE = values.IntegerValue(10, environ_prefix=None)
    # DATABASE_URL (and the replica's) point at PgBouncer in transaction pooling: no pool of our own (it would
    # pool twice), and no server-side cursors (they do not survive a transaction boundary there).
    DATABASE_PGBOUNCER = values.BooleanValue(False, environ_prefix=None)

    @property
    def DATABASES(self):  # noqa: N802
        databases = with_replica({"default": database_from_env(self.DATABASE_URL)}, self.DATABASE_REPLICA_URL)
        for config in databases.values():
            config["CONN_MAX_AGE"] = 0  # must stay 0 with the pool; PgBouncer keeps the server connections
            if self.DATABASE_PGBOUNCER:
                config["DISABLE_SERVER_SIDE_CURSORS"] = True
                continue
            config.setdefault("OPTIONS", {})["pool"] = {
                "min_size": self.DATABASE_POOL_MIN_SIZE,
                "max_size": self.DATABASE_POOL_MAX_SIZE,
                "timeout": 10,
            }
        return databases

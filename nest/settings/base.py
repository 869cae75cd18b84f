"""Settings shared by every environment. One class per environment; each overrides only what differs.

Secrets and URLs come from the environment (django-configurations ``values``). ``DJANGO_CONFIGURATION``
names the class: ``Local`` (default for ``manage.py``), ``Test`` or ``Production``.
"""

import copy
import hashlib
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import environ
from configurations import Configuration, values
from corsheaders.defaults import default_headers
from django.utils.csp import CSP

from nest import embedded_db

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# What every template may show, for both engines: the request, CSRF, the CSP nonce, messages, Wagtail's
# settings, the GitHub status and the demo flag.
CONTEXT_PROCESSORS = [
    "django.template.context_processors.debug",
    "django.template.context_processors.request",
    "django.template.context_processors.csp",  # csp_nonce, for an inline <script nonce=...>
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "wagtail.contrib.settings.context_processors.settings",
    "theme.context_processors.github",
    "theme.context_processors.demo",
]


def database_from_env(url: str, *, test_name: str | None = None, socket_dir: str | None = None) -> dict:
    """``DATABASE_URL`` when set, else the embedded cluster's Unix socket (see nest.embedded_db)."""
    if url:
        config = environ.Env.db_url_config(url)
        config["ENGINE"] = "django.db.backends.postgresql"
        # A Unix socket folder is written percent-encoded in the URL's host part.
        config["HOST"] = unquote(str(config.get("HOST") or ""))
    else:
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "postgres",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": socket_dir or os.environ.get(embedded_db.HOST_ENV, str(embedded_db.data_dir())),
            "PORT": "",
        }
    if test_name:
        config["TEST"] = {"NAME": test_name}
    return config


def with_replica(databases: dict, replica_url: str) -> dict:
    """Add the "replica" alias (``DATABASE_REPLICA_URL``) beside "default"; the router sends reads to it.

    Its test database is the default one's (``MIRROR``): the suite never creates or flushes the replica, which
    follows the primary by streaming replication and is read-only.
    """
    if replica_url:
        replica = {**copy.deepcopy(databases["default"]), **database_from_env(replica_url)}
        replica["TEST"] = {"MIRROR": "default"}
        databases["replica"] = replica
    return databases


def is_amqp(broker_url: str) -> bool:
    return broker_url.startswith(("amqp://", "amqps://", "pyamqp://"))


def celery_transport_options(broker_url: str, *, visibility_timeout: int = 3600) -> dict:
    """Broker options by scheme. RabbitMQ gives an unacknowledged message back as soon as the worker's connection
    closes (a killed worker), and confirms each publish, so ``.delay()`` returns only once the broker has the
    message. Redis has no such signal: it gives a message back once it stayed unacknowledged for
    ``visibility_timeout`` seconds, which must be longer than the longest task (a full GitHub sync) or a slow
    task would run twice."""
    if is_amqp(broker_url):
        return {"confirm_publish": True}
    if broker_url.startswith(("redis://", "rediss://", "unix://")):
        return {"visibility_timeout": visibility_timeout}
    return {}


def instance_name(project_dir: Path, database_url: str) -> str:
    """``nest-`` and a short hash of the checkout's folder and its database (``DATABASE_URL``, else the embedded
    cluster's data folder): the same for every process of one instance (web, worker, beat, manage.py),
    different for another clone or database on the same Redis."""
    database = database_url or str(embedded_db.data_dir())
    return "nest-" + hashlib.sha256(f"{Path(project_dir).resolve()}|{database}".encode()).hexdigest()[:10]


def default_data_dir() -> Path:
    """The shared data pack: ``../shared/data`` beside the checkout (also found from a clone nested deeper)."""
    for folder in (BASE_DIR, *BASE_DIR.parents):
        candidate = folder.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    # A clone outside the workspace (e.g. in /tmp) still finds the machine's shared data pack.
    return Path("/work/shared/data") if Path("/work/shared/data").is_dir() else BASE_DIR.parent / "shared" / "data"


class Base(Configuration):
    BASE_DIR = BASE_DIR
    DEBUG = values.BooleanValue(False)
    SECRET_KEY = values.Value("local-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = values.ListValue(["localhost", "127.0.0.1", "[::1]", "testserver"])
    CSRF_TRUSTED_ORIGINS = values.ListValue([])

    INSTALLED_APPS = [
        # Project apps first so their templates and static files win.
        "apps.core",
        "apps.github",
        "apps.owasp",
        "apps.search",
        "apps.ai",
        "apps.slack",
        "cms",
        "theme",
        "api",
        # Wagtail
        "wagtail.contrib.forms",
        "wagtail.contrib.redirects",
        "wagtail.contrib.settings",
        "wagtail.contrib.sitemaps",
        "wagtail.embeds",
        "wagtail.sites",
        "wagtail.users",
        "wagtail.snippets",
        "wagtail.documents",
        "wagtail.images",
        "wagtail.search",
        "wagtail.admin",
        "wagtail",
        "modelcluster",
        "taggit",
        # Django
        "django.contrib.admin",
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
        # Before staticfiles: `runserver` leaves /static/ to WhiteNoise, as production does, instead of
        # staticfiles' handler, which answers a path escaping the static folders with a 500.
        "whitenoise.runserver_nostatic",
        "django.contrib.staticfiles",
        "django.contrib.sitemaps",
        "django.contrib.postgres",  # wagtail.search's PostgreSQL backend needs it (postgres.E005)
        # Third party
        "rest_framework",
        "rest_framework_simplejwt",
        "corsheaders",
        "django_filters",
        "drf_spectacular",
        "drf_spectacular_sidecar",  # Swagger UI and Redoc assets, served as static files (no CDN)
        "graphene_django",
        "django_celery_beat",
        # Sign-in: username and password for staff, GitHub for everyone (apps.github.login).
        "allauth",
        "allauth.account",
        "allauth.socialaccount",  # its GitHub provider is apps.github.login (found as apps.github.provider)
        "apps.mentorship",
    ]

    MIDDLEWARE = [
        # Outermost: every line logged while a request runs carries its id; the metrics time the whole stack.
        "apps.core.observability.request_id.RequestIdMiddleware",
        "apps.core.observability.metrics.RequestMetricsMiddleware",
        "django.middleware.security.SecurityMiddleware",
        # Which database a request reads from (apps.core.db_router): before anything that queries.
        "apps.core.db_router.ReplicaReadsMiddleware",
        # CORS headers (and answers to preflight requests) for /api/ and /graphql/ only (CORS_URLS_REGEX); high
        # up, so a response made by the middleware below still gets them.
        "corsheaders.middleware.CorsMiddleware",
        # Gives a policy to what the middleware below answers by itself (static files, redirects, 404s).
        "apps.core.middleware.ContentSecurityPolicyMiddleware",
        "apps.core.middleware.RejectNulPathMiddleware",
        # What a request reads from the cache (versions, restricted paths), it reads once (apps.core.request_memo).
        "apps.core.request_memo.RequestMemoMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.locale.LocaleMiddleware",
        "django.middleware.common.CommonMiddleware",
        # Sign-in attempts on the admins' login forms, per client address (after LocaleMiddleware: the 429 page
        # is in the visitor's language).
        "apps.core.middleware.SignInRateLimitMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "allauth.account.middleware.AccountMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "wagtail.contrib.redirects.middleware.RedirectMiddleware",
        # Serves and stores whole public pages for anonymous visitors (theme.cache).
        "theme.middleware.PageCacheMiddleware",
        # The request's Wagtail Site from the cache (cms.routing).
        "theme.middleware.CachedSiteMiddleware",
        # Again inside the page cache, so a stored page keeps the policy (and nonce) it was rendered with; the
        # outer one leaves a header that is already set alone.
        "apps.core.middleware.ContentSecurityPolicyMiddleware",
    ]

    ROOT_URLCONF = "nest.urls"
    WSGI_APPLICATION = "nest.wsgi.application"
    # The public site renders with Jinja2 (theme/jinja2, theme/jinja2_env.py): several times faster than Django's
    # template language on its listings. It comes first, so a name found there wins; the Wagtail and Django
    # admins, the API's browsable pages and the admin panels' own templates (theme/templates) stay Django's.
    TEMPLATES = [
        {
            "BACKEND": "django.template.backends.jinja2.Jinja2",
            "DIRS": [BASE_DIR / "theme" / "jinja2"],
            "APP_DIRS": False,
            "OPTIONS": {
                "environment": "theme.jinja2_env.environment",
                "context_processors": CONTEXT_PROCESSORS,
            },
        },
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [BASE_DIR / "theme" / "templates"],
            "APP_DIRS": True,
            "OPTIONS": {"context_processors": CONTEXT_PROCESSORS},
        },
    ]

    # Database: DATABASE_URL or the embedded PostgreSQL 17 + pgvector cluster.
    DATABASE_URL = values.Value("", environ_prefix=None)

    # A streaming replica for read-only queries (apps.core.db_router): unset, everything uses "default".
    DATABASE_REPLICA_URL = values.Value("", environ_prefix=None)
    DATABASE_ROUTERS = ["apps.core.db_router.ReplicaRouter"]
    # Requests under these paths read from the primary only (editors see what they saved).
    NEST_PRIMARY_PATHS = ["/cms/", "/django-admin/"]
    # After a request that wrote, the same browser reads from the primary for this long (replication lag).
    NEST_REPLICA_PIN_SECONDS = values.IntegerValue(5, environ_prefix=None)

    @property
    def DATABASES(self):  # noqa: N802 - Django setting name
        return with_replica({"default": database_from_env(self.DATABASE_URL)}, self.DATABASE_REPLICA_URL)

    DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

    # Redis: cache, sessions, Celery results, and the broker unless CELERY_BROKER_URL names RabbitMQ.
    REDIS_URL = values.Value("redis://127.0.0.1:6379/0", environ_prefix=None)
    CACHE_KEY_PREFIX = values.Value("nest", environ_prefix=None)

    @property
    def CACHES(self):  # noqa: N802
        return {
            "default": {
                "BACKEND": "apps.core.cache.RedisCache",  # one Redis client per pool (apps.core.cache)
                "LOCATION": self.REDIS_URL,
                "KEY_PREFIX": self.CACHE_KEY_PREFIX,
                "TIMEOUT": 300,
                "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
            }
        }

    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

    # The broker: Redis (REDIS_URL) unless CELERY_BROKER_URL names another, e.g. amqp://user:pass@host:5672/vhost
    # for RabbitMQ. Results stay in Redis (CELERY_RESULT_BACKEND to change it).
    BROKER_URL = values.Value("", environ_name="CELERY_BROKER_URL", environ_prefix=None)
    RESULT_BACKEND_URL = values.Value("", environ_name="CELERY_RESULT_BACKEND", environ_prefix=None)

    @property
    def CELERY_BROKER_URL(self):  # noqa: N802
        return self.BROKER_URL or self.REDIS_URL

    @property
    def CELERY_RESULT_BACKEND(self):  # noqa: N802
        return self.RESULT_BACKEND_URL or self.REDIS_URL

    # No task is lost to a dying worker: a message is acknowledged only once its task has finished (acks late),
    # a task whose worker process was killed goes back to the queue (reject on worker lost), and a worker holds
    # one message beyond the one it runs (prefetch 1), so a crash gives back at most that. The tasks are
    # idempotent upserts, which is what makes running one twice after a crash harmless.
    CELERY_TASK_ACKS_LATE = True
    CELERY_TASK_REJECT_ON_WORKER_LOST = True
    CELERY_WORKER_PREFETCH_MULTIPLIER = 1

    @property
    def CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS(self):  # noqa: N802
        # RabbitMQ hands a task whose worker lost its connection to another worker at once: cancel it here rather
        # than run it twice at the same time. Redis gives it back only after the visibility timeout: let it finish.
        return is_amqp(self.CELERY_BROKER_URL)

    # Messages survive a broker restart (RabbitMQ: durable queues and exchanges, persistent messages).
    CELERY_TASK_DEFAULT_DELIVERY_MODE = "persistent"

    CELERY_VISIBILITY_TIMEOUT = values.IntegerValue(3600, environ_prefix=None)  # Redis only, seconds

    @property
    def CELERY_BROKER_TRANSPORT_OPTIONS(self):  # noqa: N802
        return celery_transport_options(self.CELERY_BROKER_URL, visibility_timeout=self.CELERY_VISIBILITY_TIMEOUT)

    @property
    def CELERY_TASK_QUEUES(self):  # noqa: N802
        from kombu import Exchange, Queue

        name = self.CELERY_TASK_DEFAULT_QUEUE
        return [Queue(name, Exchange(name, type="direct", durable=True), routing_key=name, durable=True)]

    CELERY_TASK_DEFAULT_QUEUE = values.Value("nest", environ_prefix=None)
    CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
    CELERY_TIMEZONE = "UTC"
    CELERY_TASK_TRACK_STARTED = True
    CELERY_RESULT_EXPIRES = 3600
    CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
    # Task modules beside the apps' own tasks.py (which autodiscovery finds).
    CELERY_IMPORTS = ["apps.search.algolia_tasks"]
    # How old the heartbeat may be before /healthz reports the scheduler as unhealthy.
    HEARTBEAT_MAX_AGE_SECONDS = values.IntegerValue(300, environ_prefix=None)

    # Content-Security-Policy of the public site, APIs and error pages: scripts, styles, images and requests
    # from the site itself only, inline scripts only with the response's nonce, never framed.
    # X-Content-Type-Options: nosniff, Referrer-Policy: same-origin, X-Frame-Options: DENY and
    # Cross-Origin-Opener-Policy: same-origin are Django's defaults (SECURE_*, X_FRAME_OPTIONS).
    SECURE_CSP = {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, CSP.NONCE],
        "style-src": [CSP.SELF],
        "img-src": [CSP.SELF],
        "font-src": [CSP.SELF],
        "connect-src": [CSP.SELF],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.SELF],
        "form-action": [CSP.SELF],
        "frame-ancestors": [CSP.NONE],
    }
    # Wagtail's admin (/cms/, page previews included) runs inline scripts and styles in its page editor, so
    # it gets a looser policy of its own: inline code allowed (and so no nonce, which would disable that),
    # framed by itself for previews, and the release check it makes to wagtail.org. Only signed-in editors
    # reach those pages.
    NEST_ADMIN_CSP = {
        **SECURE_CSP,
        "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "connect-src": [CSP.SELF, "https://releases.wagtail.org"],
        "frame-ancestors": [CSP.SELF],
    }
    # GraphiQL (/graphql/ in a browser, where NEST_GRAPHIQL allows it) runs the site's own vendored scripts
    # only; its editor sets inline styles, so styles may be inline there. It shows no site content.
    NEST_GRAPHIQL_CSP = {
        **SECURE_CSP,
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:"],
        "font-src": [CSP.SELF, "data:"],
    }
    # Swagger UI and Redoc (/api/v0/docs/, /api/v0/redoc/): scripts from the site (Redoc's one inline script
    # under the nonce), the inline styles both set, their data: images and Redoc's search worker (a blob:).
    NEST_API_DOCS_CSP = {
        **SECURE_CSP,
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:"],
        "worker-src": [CSP.SELF, "blob:"],
    }

    # Path prefixes served by third-party apps that need their own policy; everything else gets SECURE_CSP
    # (the Django admin included).
    @property
    def NEST_CSP_BY_PATH(self):  # noqa: N802
        return {
            "/cms/": self.NEST_ADMIN_CSP,
            "/graphql/": self.NEST_GRAPHIQL_CSP,
            "/api/v0/docs": self.NEST_API_DOCS_CSP,
            "/api/v0/redoc": self.NEST_API_DOCS_CSP,
            # The sign-in page's "Sign in with GitHub" form is redirected to GitHub's authorize page, which the
            # browser checks against form-action too (a dotted path: a policy made per request).
            "/accounts/": "apps.core.middleware.sign_in_policy",
        }

    AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
        {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
        {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    ]

    # Sign-in: django-allauth's account pages under /accounts/. Staff sign in with a username and password (their
    # accounts are made in the admin; sign-up is closed); everyone else signs in with GitHub, which makes an
    # account without a local password on the first sign-in (apps.core.accounts).
    AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ]
    ACCOUNT_ADAPTER = "apps.core.accounts.NestAccountAdapter"
    ACCOUNT_LOGIN_METHODS = {"username"}
    ACCOUNT_EMAIL_VERIFICATION = "none"
    LOGIN_URL = "account_login"
    LOGIN_REDIRECT_URL = "api_keys"
    ACCOUNT_LOGOUT_REDIRECT_URL = "/"
    # allauth's own limits (its defaults, written out so they are reviewed here): sign-in POSTs per address, and
    # failed sign-ins per address and per account name; over "login" it answers 429 (theme/jinja2/429.html),
    # over "login_failed" the form says that there were too many failed attempts.
    ACCOUNT_RATE_LIMITS = {"login": "30/m/ip", "login_failed": "10/m/ip,5/300s/key", "signup": "20/m/ip"}
    SOCIALACCOUNT_ADAPTER = "apps.core.accounts.NestSocialAccountAdapter"
    SOCIALACCOUNT_AUTO_SIGNUP = True
    SOCIALACCOUNT_QUERY_EMAIL = True
    SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # an address never signs anyone in to another account
    SOCIALACCOUNT_STORE_TOKENS = False  # sign-in reads the profile once; Nest never acts as the user on GitHub
    # GitHub's OAuth web flow: an OAuth app's client id and secret (empty: the GitHub button is not offered),
    # and where its authorize and token endpoints and its user API are (a local fake in tests; GitHub Enterprise).
    GITHUB_OAUTH_CLIENT_ID = values.Value("", environ_prefix=None)
    GITHUB_OAUTH_CLIENT_SECRET = values.Value("", environ_prefix=None)
    GITHUB_OAUTH_AUTHORIZE_URL = values.Value("https://github.com/login/oauth/authorize", environ_prefix=None)
    GITHUB_OAUTH_TOKEN_URL = values.Value("https://github.com/login/oauth/access_token", environ_prefix=None)
    GITHUB_OAUTH_API_URL = values.Value("https://api.github.com", environ_prefix=None)

    @property
    def SOCIALACCOUNT_PROVIDERS(self):  # noqa: N802
        app = {"client_id": self.GITHUB_OAUTH_CLIENT_ID, "secret": self.GITHUB_OAUTH_CLIENT_SECRET, "key": ""}
        return {
            "github": {
                "APPS": [app] if self.GITHUB_OAUTH_CLIENT_ID else [],
            }
        }

    # Mail (mentorship notifications): the console in development, SMTP from EMAIL_URL-style settings elsewhere.
    EMAIL_BACKEND = values.Value("django.core.mail.backends.smtp.EmailBackend", environ_prefix=None)
    DEFAULT_FROM_EMAIL = values.Value("OWASP Nest <nest@owasp.org>", environ_prefix=None)
    # Slack messages of the mentorship flow: sent only when SLACK_BOT_TOKEN (NestBot's, below) and a channel are set.
    NEST_MENTORSHIP_SLACK_CHANNEL = values.Value("", environ_prefix=None)

    # API keys (apps.core.services.api_keys): sent as X-API-Key; each has an expiry, at most this far ahead.
    NEST_API_KEY_MAX_DAYS = values.PositiveIntegerValue(365, environ_prefix=None)
    NEST_API_KEY_DEFAULT_DAYS = values.PositiveIntegerValue(90, environ_prefix=None)  # the form's suggestion
    NEST_API_KEYS_PER_USER = values.PositiveIntegerValue(5, environ_prefix=None)  # active (unrevoked, unexpired)

    # API rate limits (DRF's "N/second|minute|hour|day"), counted in the Redis cache: per client address for
    # anonymous requests, per user for requests with an API key, a JWT or a session; the token endpoint has a
    # stricter one of its own against password guessing.
    NEST_API_RATE_ANONYMOUS = values.Value("60/minute", environ_prefix=None)
    NEST_API_RATE_AUTHENTICATED = values.Value("600/minute", environ_prefix=None)
    NEST_API_RATE_TOKEN = values.Value("10/minute", environ_prefix=None)
    # Questions to the site's /ask/ page per client address (apps.core.services.rate_limit; the same format).
    NEST_ASK_RATE = values.Value("10/minute", environ_prefix=None)
    # Questions to the API's AI endpoints (/api/v0/ai/ask/, /api/v0/ai/agent/) per client, on top of the API's
    # own limits: each answer costs an encoder pass and several queries (or a chat model's tokens).
    NEST_API_RATE_AI = values.Value("10/minute", environ_prefix=None)
    # Site search per client address (theme.views.search): the results page, and the header box's suggestions,
    # which ask once per pause in typing. Pages served from the page cache cost nothing and are not counted.
    NEST_SEARCH_RATE = values.Value("60/minute", environ_prefix=None)
    NEST_SEARCH_AS_YOU_TYPE_RATE = values.Value("300/minute", environ_prefix=None)
    # Sign-in attempts (POSTs) per client address on the Wagtail and Django admins' login forms
    # (apps.core.middleware.SignInRateLimitMiddleware). /accounts/login/ is allauth's, limited by
    # ACCOUNT_RATE_LIMITS below; the API's token endpoint by NEST_API_RATE_TOKEN.
    NEST_SIGN_IN_RATE = values.Value("10/minute", environ_prefix=None)
    NEST_SIGN_IN_PATHS = ["/cms/login/", "/django-admin/login/"]

    # JWT for API clients (/api/v0/auth/token/): a short-lived access token, refreshed with the refresh token.
    NEST_JWT_ACCESS_MINUTES = values.PositiveIntegerValue(15, environ_prefix=None)
    NEST_JWT_REFRESH_HOURS = values.PositiveIntegerValue(24, environ_prefix=None)

    @property
    def SIMPLE_JWT(self):  # noqa: N802
        return {
            "ACCESS_TOKEN_LIFETIME": timedelta(minutes=self.NEST_JWT_ACCESS_MINUTES),
            "REFRESH_TOKEN_LIFETIME": timedelta(hours=self.NEST_JWT_REFRESH_HOURS),
            "AUTH_HEADER_TYPES": ("Bearer",),
            "UPDATE_LAST_LOGIN": False,
        }

    # CORS (django-cors-headers) on the APIs only. No origin is allowed by default; DJANGO_CORS_ALLOWED_ORIGINS
    # lists them (e.g. a front end on another host). Credentials (cookies) are never sent cross-origin: other
    # origins authenticate with an API key or a JWT, which CSRF cannot forge.
    CORS_URLS_REGEX = r"^/(api|graphql)/"
    CORS_ALLOWED_ORIGINS = values.ListValue([])
    CORS_ALLOW_CREDENTIALS = False
    CORS_ALLOW_HEADERS = (*default_headers, "x-api-key")
    CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
    CORS_PREFLIGHT_MAX_AGE = 86400

    # Cookies: none is readable from scripts except the CSRF token's, which GraphiQL's and Wagtail's admin's
    # scripts read to send it back (Django's docs: an HttpOnly CSRF cookie adds no protection; the token is in
    # every form anyway). All are SameSite=Lax: sent on top-level navigation from another site (a link), never on
    # its POSTs or sub-requests. Production makes them Secure (HTTPS only).
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    CSRF_COOKIE_SAMESITE = "Lax"
    LANGUAGE_COOKIE_HTTPONLY = True  # read by the server only (LocaleMiddleware), set by /lang/<code>/
    LANGUAGE_COOKIE_SAMESITE = "Lax"
    LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

    # /.well-known/security.txt (RFC 9116, theme.views.site.security_txt): where to report a vulnerability
    # ("mailto:" or "https:" URIs). Empty: the file is not served (Contact is required), and
    # `check --deploy` warns (apps.core.checks). Its Expires is this many days ahead, renewed daily.
    NEST_SECURITY_CONTACTS = values.ListValue([], environ_prefix=None)
    NEST_SECURITY_POLICY_URL = values.Value("", environ_prefix=None)  # the disclosure policy, when there is one
    NEST_SECURITY_TXT_DAYS = values.PositiveIntegerValue(90, environ_prefix=None)

    LANGUAGE_CODE = "en"
    LANGUAGES = [("en", "English"), ("fr", "Français")]
    LOCALE_PATHS = [BASE_DIR / "locale"]
    TIME_ZONE = "UTC"
    USE_I18N = True
    USE_TZ = True

    STATIC_URL = "/static/"
    STATIC_ROOT = BASE_DIR / "var" / "static"
    MEDIA_URL = "/media/"
    MEDIA_ROOT = values.PathValue(BASE_DIR / "var" / "media", check_exists=False)
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    # Wagtail
    WAGTAIL_SITE_NAME = "OWASP Nest"
    WAGTAILADMIN_BASE_URL = values.Value("http://localhost:8000", environ_prefix=None)
    # Where visitors reach the site (e.g. https://nest.owasp.org), for the absolute links of feeds; empty: the
    # request's own scheme and host.
    NEST_SITE_URL = values.Value("", environ_prefix=None)
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    # Nest's own search (apps.search): "auto" is BM25 (pg_search) when the database has the extension, else
    # PostgreSQL full-text search; "bm25", "fts" or "algolia" force one (an unavailable one fails the checks).
    SEARCH_BACKEND = values.Value("auto", environ_prefix=None)
    # Milliseconds a search query may run before the search falls back to names only (SET LOCAL).
    SEARCH_STATEMENT_TIMEOUT_MS = values.IntegerValue(250, environ_prefix=None)
    # As you type the budget is tighter: the header box would rather show names now than everything late.
    SEARCH_AS_YOU_TYPE_TIMEOUT_MS = values.IntegerValue(80, environ_prefix=None)
    # A change of more objects than this is indexed by a Celery task rather than inline after commit.
    SEARCH_INLINE_LIMIT = values.IntegerValue(200, environ_prefix=None)
    # No avatars from gravatar.com in the admin: it would be sent a hash of each editor's email.
    WAGTAIL_GRAVATAR_PROVIDER_URL = None
    WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

    # Real OWASP data (site _data files, www-* repositories, recorded GitHub responses), read in place.
    NEST_DATA_DIR = values.Value(str(default_data_dir()), environ_prefix=None)

    # External services: empty keys mean "run offline on local defaults".
    GITHUB_API_URL = values.Value("https://api.github.com", environ_prefix=None)
    GITHUB_TOKEN = values.Value("", environ_prefix=None)
    # Or a GitHub App (used when GITHUB_APP_ID is set): installation tokens minted from the app's private key
    # (PEM text, or a file path in GITHUB_APP_PRIVATE_KEY_PATH) for the installation on the organization.
    GITHUB_APP_ID = values.Value("", environ_prefix=None)
    GITHUB_APP_INSTALLATION_ID = values.Value("", environ_prefix=None)
    GITHUB_APP_PRIVATE_KEY = values.Value("", environ_prefix=None)
    GITHUB_APP_PRIVATE_KEY_PATH = values.Value("", environ_prefix=None)
    GITHUB_ORGANIZATION = values.Value("OWASP", environ_prefix=None)  # what `sync_github` and its tasks sync
    GITHUB_REQUEST_TIMEOUT = values.FloatValue(30.0, environ_prefix=None)  # seconds per request
    GITHUB_MAX_RETRIES = values.IntegerValue(4, environ_prefix=None)  # per request, on 5xx and timeouts (1+2+4+8 s)
    # Longest rate-limit pause a sync sits through; a longer one stops the run, which the next run resumes.
    GITHUB_MAX_RATE_LIMIT_WAIT = values.FloatValue(900.0, environ_prefix=None)
    GITHUB_COMMITS_HISTORY_DAYS = values.IntegerValue(365, environ_prefix=None)  # first sync of a repo's commits
    # Algolia (SEARCH_BACKEND="algolia"): the application, a key with search, addObject, deleteObject,
    # deleteIndex, settings and editSettings (the check at start-up verifies it), and the index name.
    ALGOLIA_APP_ID = values.Value("", environ_prefix=None)
    ALGOLIA_API_KEY = values.Value("", environ_prefix=None)
    ALGOLIA_INDEX_NAME = values.Value("nest", environ_prefix=None)
    # Empty: Algolia's own hosts for the application. A URL (http://127.0.0.1:8765) sends every call there
    # instead: the local fake in tests, a proxy elsewhere.
    ALGOLIA_BASE_URL = values.Value("", environ_prefix=None)
    # Milliseconds a search may wait for Algolia before it is answered from PostgreSQL instead.
    ALGOLIA_SEARCH_TIMEOUT_MS = values.IntegerValue(1500, environ_prefix=None)
    ALGOLIA_WRITE_TIMEOUT_MS = values.IntegerValue(30000, environ_prefix=None)
    # Incremental updates retry with exponential backoff (2, 4, 8 … s, at most ten minutes apart).
    ALGOLIA_MAX_RETRIES = values.IntegerValue(8, environ_prefix=None)
    # Embeddings (apps.ai): the local MiniLM encoder unless OPENAI_API_KEY is set ("local" or "openai" forces one).
    NEST_AI_EMBEDDING_PROVIDER = values.Value("", environ_prefix=None)
    NEST_AI_LOCAL_BATCH = values.PositiveIntegerValue(32, environ_prefix=None)  # texts per forward pass
    NEST_AI_EF_SEARCH = values.PositiveIntegerValue(100, environ_prefix=None)  # HNSW candidates per query
    # A change queues the embedding task at once (else the 15-minute schedule embeds it).
    NEST_AI_EMBED_ON_CHANGE = values.BooleanValue(True, environ_prefix=None)
    OPENAI_API_KEY = values.Value("", environ_prefix=None)
    OPENAI_BASE_URL = values.Value("", environ_prefix=None)  # empty: OpenAI's own
    OPENAI_EMBEDDING_MODEL = values.Value("text-embedding-3-small", environ_prefix=None)
    OPENAI_EMBEDDING_BATCH = values.PositiveIntegerValue(256, environ_prefix=None)  # texts per request
    OPENAI_TIMEOUT = values.FloatValue(30.0, environ_prefix=None)  # seconds per request
    OPENAI_MAX_RETRIES = values.IntegerValue(4, environ_prefix=None)  # on 429, 5xx and timeouts (1+2+4+8 s)
    # Answers, summaries and the agent: OpenAI's chat model when OPENAI_API_KEY and this are set, else the
    # offline extractive answers (and no summaries nor agent).
    OPENAI_CHAT_MODEL = values.Value("gpt-4o-mini", environ_prefix=None)
    OPENAI_CHAT_TIMEOUT = values.FloatValue(20.0, environ_prefix=None)  # seconds per chat request
    OPENAI_CHAT_MAX_RETRIES = values.IntegerValue(2, environ_prefix=None)  # on 429, 5xx and timeouts
    # Issue summaries and hints (apps.ai.services.summaries): at most this many issues and tokens per run.
    NEST_AI_SUMMARY_MAX_ISSUES = values.PositiveIntegerValue(50, environ_prefix=None)
    NEST_AI_SUMMARY_MAX_TOKENS = values.PositiveIntegerValue(60000, environ_prefix=None)
    # NestBot (apps.slack). Empty signing secret: the Slack endpoints answer 503 and nothing calls Slack. One
    # workspace by SLACK_BOT_TOKEN, or several through Bolt's OAuth flow when SLACK_CLIENT_ID/SECRET are set.
    SLACK_BOT_TOKEN = values.Value("", environ_prefix=None)
    SLACK_SIGNING_SECRET = values.Value("", environ_prefix=None)
    SLACK_CLIENT_ID = values.Value("", environ_prefix=None)
    SLACK_CLIENT_SECRET = values.Value("", environ_prefix=None)
    SLACK_API_URL = values.Value("https://slack.com/api/", environ_prefix=None)  # the fake's URL in tests
    SLACK_TIMEOUT = values.IntegerValue(10, environ_prefix=None)  # seconds per Web API call
    # Demo mode (`make demo`): this process serves and syncs generated GitHub data, into a database marked as a
    # demo one (apps.core.services.demo); a real sync refuses a demo database and the demo a real one.
    NEST_DEMO = values.BooleanValue(False, environ_prefix=None)
    # Where pages without GitHub data send visitors to learn how to connect it (the README's section).
    NEST_GITHUB_SETUP_URL = values.Value(
        "https://github.com/OWASP/Nest/blob/main/README.md#connect-github", environ_prefix=None
    )

    REST_FRAMEWORK = {
        # Reading needs no credentials; a key, token or session that is sent must be valid (else 401).
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "api.rest.authentication.ApiKeyAuthentication",
            "rest_framework_simplejwt.authentication.JWTAuthentication",
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_THROTTLE_CLASSES": [
            "api.rest.throttling.AnonymousRateThrottle",
            "api.rest.throttling.AuthenticatedRateThrottle",
        ],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
        "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    }
    # The OpenAPI schema of /api/v0/ (api.rest.schema): Nest's v0 contract, its operation ids included.
    SPECTACULAR_SETTINGS = {
        "TITLE": "OWASP Nest",
        "DESCRIPTION": (
            "Open Worldwide Application Security Project API: OWASP's projects, chapters, committees, events and "
            "sponsors, and their GitHub organizations, repositories, issues, milestones, releases and members. "
            "Wire-compatible with OWASP Nest's v0 (its fields, parameters and page envelope); the fields and "
            "parameters marked as ours sit beside them. Reading needs no key."
        ),
        "VERSION": "0",
        "SERVE_INCLUDE_SCHEMA": False,
        "SCHEMA_PATH_PREFIX": r"/api/v0",
        "PREPROCESSING_HOOKS": ["api.rest.schema.only_api_v0"],
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
        "SORT_OPERATIONS": False,
        # Named for their entity: "status" is also the answer's status of /ai/ask/.
        "ENUM_NAME_OVERRIDES": {
            "ProgramStatusEnum": "apps.mentorship.models.program.ProgramStatus",
            "ExperienceLevelEnum": "apps.mentorship.models.common.ExperienceLevel",
        },
    }
    # How long a REST response or list count stays cached at most; a data change (sync, publish) makes it
    # stale sooner (api.rest.caching).
    NEST_API_CACHE_SECONDS = values.IntegerValue(300, environ_prefix=None)
    GRAPHENE = {"SCHEMA": "api.graphql.schema.schema"}
    # GraphiQL, the in-browser explorer of /graphql/ (its assets are the site's own): off unless enabled.
    NEST_GRAPHIQL = values.BooleanValue(False, environ_prefix=None)
    # What one GraphQL request may ask (api.graphql.limits): how deep, and how many fields it may resolve.
    NEST_GRAPHQL_MAX_DEPTH = values.IntegerValue(10, environ_prefix=None)
    NEST_GRAPHQL_MAX_COST = values.IntegerValue(20_000, environ_prefix=None)

    # Logs: the level and format from the environment. "plain" for a terminal, "json" (one object per line, with
    # the request id) for a collector; Production defaults to json. Every line carries the request's id
    # (apps.core.observability.request_id), tasks' lines that of the request that queued them.
    NEST_LOG_LEVEL = values.Value("INFO", environ_prefix=None)
    NEST_LOG_FORMAT = values.Value("plain", environ_prefix=None)
    # Celery's worker keeps the handlers below (and so the format) instead of installing its own.
    CELERY_WORKER_HIJACK_ROOT_LOGGER = False

    @property
    def LOGGING(self):  # noqa: N802
        level = str(self.NEST_LOG_LEVEL).upper()
        return {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
                "json": {"()": "apps.core.observability.log_format.JsonFormatter"},
            },
            "handlers": {
                "console": {
                    "class": "logging.StreamHandler",
                    "formatter": "json" if str(self.NEST_LOG_FORMAT).lower() == "json" else "plain",
                    "filters": ["request_id"],
                }
            },
            "filters": {
                "sync_run_debug": {"()": "apps.core.log_filters.PerRecordLinesToDebug"},
                "request_id": {"()": "apps.core.log_filters.RequestIdFilter"},
            },
            "root": {"handlers": ["console"], "level": level},
            "loggers": {
                "django.db.backends": {"level": "WARNING"},
                "httpx": {"level": "WARNING"},
                # One line per saved page or search-index update: DEBUG while a sync run saves a thousand of them.
                "wagtail": {"filters": ["sync_run_debug"]},
                "django_tasks": {"filters": ["sync_run_debug"]},
            },
        }

    # Errors to Sentry when SENTRY_DSN is set (apps.core.observability.sentry): the release (empty: the git
    # revision, else the version in pyproject.toml), the environment (empty: the configuration's name) and the
    # share of transactions traced (0: errors only).
    SENTRY_DSN = values.Value("", environ_prefix=None)
    SENTRY_RELEASE = values.Value("", environ_prefix=None)
    SENTRY_ENVIRONMENT = values.Value("", environ_prefix=None)
    SENTRY_TRACES_SAMPLE_RATE = values.FloatValue(0.0, environ_prefix=None)
    # OpenTelemetry traces (apps.core.observability.tracing): "otlp-http", "otlp-grpc", "console" or "none";
    # empty: "otlp-http" when OTEL_EXPORTER_OTLP_ENDPOINT is set (the collector that forwards to X-Ray or
    # Jaeger), else off. The OTLP exporters read OTEL_EXPORTER_OTLP_* themselves; OTEL_SERVICE_NAME names us.
    NEST_TRACING = values.Value("", environ_prefix=None)
    OTEL_EXPORTER_OTLP_ENDPOINT = values.Value("", environ_prefix=None)
    # /metrics (Prometheus): for signed-in staff, or a scraper sending "Authorization: Bearer <this>"; empty:
    # staff only.
    NEST_METRICS_TOKEN = values.Value("", environ_prefix=None)
    # Per-source sync figures on /metrics: one function per app that records runs, returning its sources'
    # apps.core.observability.metrics.SyncStatus (dotted paths: apps.core never imports the apps above it).
    NEST_METRICS_COLLECTORS = [
        "apps.owasp.services.sync_metrics.collect",
        "apps.github.services.sync_metrics.collect",
    ]

    # Public pages are cached this long at most; publishing and syncing clear them sooner (theme.cache).
    NEST_PAGE_CACHE_SECONDS = values.IntegerValue(600, environ_prefix=None)
    # Counts and filter option lists shared by pages, cached under the same site data version.
    NEST_FRAGMENT_CACHE = values.BooleanValue(True, environ_prefix=None)

    # Commands `manage.py bootstrap` runs to load real data on start (each issue's importer adds its own).
    NEST_BOOTSTRAP_COMMANDS: list[list[str]] = [
        # OWASP projects, chapters, committees, events and sponsors from NEST_DATA_DIR (idempotent, cheap to re-run).
        ["sync_owasp"],
    ]

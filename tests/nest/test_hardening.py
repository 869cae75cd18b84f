"""Issue 17's hardening, through the real URL conf: HSTS and the cookies' flags as Production sets them, CSRF on
every state-changing URL, the headers on every kind of response, and the admins for staff only."""

import json
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.urls import get_resolver, resolve
from wagtail.documents.models import Document

from tests.factories import make_account
from tests.nest.test_settings import load_settings

pytestmark = pytest.mark.django_db

PASSWORD = "a long test password"
PRODUCTION_ENV = {"DJANGO_SECRET_KEY": "s3cret-" + "x" * 50, "DJANGO_ALLOWED_HOSTS": "testserver"}
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    *(f"{cookie}_COOKIE_{flag}" for cookie in ("SESSION", "CSRF", "LANGUAGE") for flag in ("SECURE", "SAMESITE")),
    "SESSION_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_HTTPONLY",
]
# Views that take no CSRF token by design: the APIs authenticate each request by a key or a token, and enforce
# CSRF themselves for a cookie session (tested below), as Wagtail's admin API (DRF, session only) does; Slack
# signs each call (apps.slack, tests/apps/slack).
CSRF_EXEMPT_PREFIXES = ("/api/v0/", "/graphql/", "/cms/api/", "/integrations/slack/")


@pytest.fixture(scope="module")
def production_security():
    """Production's security settings, loaded as production loads them (a process with its environment)."""
    code = (
        "import configurations, json; configurations.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = load_settings("Production", code=code, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.fixture
def as_production(production_security):
    with override_settings(**production_security):
        yield production_security


def https_client(**kwargs) -> Client:
    """A client behind the TLS-terminating proxy, as Production expects (SECURE_PROXY_SSL_HEADER)."""
    return Client(HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR=unique_address(), **kwargs)


def unique_address() -> str:
    number = uuid.uuid4().int
    return f"198.51.{number % 250}.{(number >> 8) % 250 + 1}"


def test_production_sends_hsts_and_redirects_plain_http_except_the_health_probe(as_production):
    secure = https_client().get("/about/")
    plain = Client().get("/about/")
    probe = Client().get("/healthz")

    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert as_production["SECURE_HSTS_SECONDS"] >= 31536000
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/about/"
    assert probe.status_code != 301


def test_production_cookies_are_secure_httponly_and_samesite(as_production):
    client = https_client()
    sign_in_page = client.get("/accounts/login/")
    make_account("cookie-staff", password=PASSWORD, is_staff=True)
    signed_in = client.post("/accounts/login/", {"login": "cookie-staff", "password": PASSWORD})
    language = client.get("/lang/fr/")

    csrf, session = sign_in_page.cookies["csrftoken"], signed_in.cookies["sessionid"]
    lang = language.cookies["django_language"]
    assert signed_in.status_code == 302, signed_in.content[:300]
    for cookie in (csrf, session, lang):
        assert cookie["secure"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key
    assert session["httponly"] is True
    assert lang["httponly"] is True
    # The CSRF cookie stays readable: GraphiQL's script sends it back as X-CSRFToken (api/static/api/graphiql).
    assert csrf["httponly"] == ""


def state_changing_paths(resolver=None, prefix: str = "/") -> list[str]:
    """One concrete path for every route of the URL conf, namespaced ones (the Django admin's) included; each
    converter is given a value it accepts."""
    samples = {"int": "1", "uuid": str(uuid.UUID(int=1)), "path": "x/y"}
    resolver = resolver or get_resolver()
    paths = set()
    for _key, entries in resolver.reverse_dict.lists():
        for possibilities, _pattern, _defaults, converters in entries:
            for template, params in possibilities:
                values = {name: samples.get(type(converters.get(name)).__name__[:-9].lower(), "x") for name in params}
                paths.add(prefix + template % values)
    for namespace_prefix, sub_resolver in resolver.namespace_dict.values():
        paths.update(state_changing_paths(sub_resolver, prefix + namespace_prefix.replace("\\", "")))  # unescaped
    return sorted(paths)


def test_every_state_change_without_a_csrf_token_is_refused_except_the_token_authenticated_apis():
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=unique_address())
    refused, exempt, other = [], [], []
    for path in state_changing_paths():
        try:
            view = resolve(path).func
        except Exception:  # noqa: BLE001 - a sample value a regex route refuses: not a route to walk
            continue
        if getattr(view, "csrf_exempt", False):
            exempt.append(path)
            continue
        response = client.post(path, {"title": "x"})
        (refused if response.status_code == 403 and b"CSRF" in response.content else other).append(path)

    assert other == []
    assert len(refused) > 100  # the Wagtail and Django admins', the account pages', the site's forms
    assert {"/cms/login/", "/django-admin/login/", "/accounts/login/", "/ask/", "/cms/pages/1/edit/"} <= set(refused)
    assert exempt and all(path.startswith(CSRF_EXEMPT_PREFIXES) for path in exempt), exempt


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v0/ai/ask/", {"question": "zap"}),
        ("/graphql/", {"query": "mutation { __typename }"}),
        ("/cms/api/main/pages/3/action/copy/", {"destination_page_id": 3}),
    ],
)
def test_the_apis_refuse_a_cookie_session_without_the_csrf_token(path, body):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=unique_address())
    client.force_login(make_account(is_staff=True, is_superuser=True))

    response = client.post(path, body, content_type="application/json")

    assert response.status_code == 403
    assert "csrf" in response.content.decode().lower()


@pytest.fixture
def document(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Document.objects.create(title="Charter", file=ContentFile(b"%PDF-1.4 charter", name="charter.pdf"))


@pytest.mark.parametrize(
    "path",
    [
        "/about/",  # HTML
        "/api/v0/projects/",  # JSON
        "/chapters.geojson",
        "/events.ics",
        "/robots.txt",
        "/sitemap.xml",
        "/static/css/site.css",  # a static file (WhiteNoise)
        "document",  # a file editors uploaded (Wagtail's document view)
        "/no-such-page/",  # an error page
    ],
)
def test_every_kind_of_response_gets_nosniff_the_referrer_policy_and_is_never_framed(path, document, settings):
    settings.DEBUG = path.startswith("/static/")  # WhiteNoise finds files in the app folders, as under runserver
    url = document.url if path == "document" else path

    response = Client().get(url)

    assert response.status_code in (200, 404), (url, response.status_code)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    if path != "/static/css/site.css":  # WhiteNoise answers before XFrameOptionsMiddleware; the CSP above rules
        assert response["X-Frame-Options"] == "DENY"


@override_settings(CORS_ALLOWED_ORIGINS=["https://front.example.org"])
def test_a_preflight_from_an_origin_not_listed_gets_no_permission():
    headers = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}

    response = Client().options("/api/v0/ai/ask/", headers=headers)

    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Methods" not in response


def test_a_signed_in_account_that_is_not_staff_is_refused_by_both_admins():
    client = Client()
    client.force_login(make_account("github-member"))  # what "Sign in with GitHub" makes

    wagtail, django_admin = client.get("/cms/"), client.get("/django-admin/")

    assert wagtail.status_code == 302 and wagtail["Location"].startswith("/cms/login/")
    assert django_admin.status_code == 302 and django_admin["Location"].startswith("/django-admin/login/")
    assert client.get("/cms/pages/").status_code == 302
    assert client.get("/django-admin/auth/user/").status_code == 302


def test_wagtail_editors_need_the_admin_right_and_only_staff_enter_the_django_admin():
    editor = make_account("editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(editor)

    assert client.get("/cms/").status_code == 200
    assert client.get("/django-admin/").status_code == 302

    staff = Client()
    staff.force_login(make_account("staff", is_staff=True, is_superuser=True))
    assert staff.get("/django-admin/").status_code == 200

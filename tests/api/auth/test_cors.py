"""CORS on the APIs only: origins from the environment (none by default), any localhost port in Local, the
X-API-Key header allowed, no cookies cross-origin."""

import json
import re

import pytest
from django.test import override_settings

from nest.settings.local import Local
from tests.nest.test_settings import load_settings

pytestmark = pytest.mark.django_db

FRONT = "https://front.example.org"


def preflight(client, path, origin, headers="x-api-key"):
    return client.options(
        path,
        headers={"Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": headers},
    )


@override_settings(CORS_ALLOWED_ORIGINS=[FRONT])
@pytest.mark.parametrize("path", ["/api/v0/", "/graphql/", "/api/v0/auth/token/"])
def test_an_allowed_origin_may_call_the_apis_with_a_key(client, path):
    response = preflight(client, path, FRONT, headers="x-api-key, authorization, content-type")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONT
    allowed = {name.strip() for name in response["Access-Control-Allow-Headers"].split(",")}
    assert {"x-api-key", "authorization", "content-type"} <= allowed
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response


@override_settings(CORS_ALLOWED_ORIGINS=[FRONT])
def test_responses_to_an_allowed_origin_expose_retry_after(client):
    response = client.get("/api/v0/", headers={"Origin": FRONT})

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONT
    assert "Retry-After" in response["Access-Control-Expose-Headers"]


@override_settings(CORS_ALLOWED_ORIGINS=[FRONT])
def test_other_origins_and_the_site_s_pages_get_no_cors_headers(client):
    assert "Access-Control-Allow-Origin" not in client.get("/api/v0/", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in client.get("/about/", headers={"Origin": FRONT})
    assert "Access-Control-Allow-Origin" not in preflight(client, "/accounts/login/", FRONT)


def test_no_origin_is_allowed_by_default(client):
    assert "Access-Control-Allow-Origin" not in client.get("/api/v0/", headers={"Origin": FRONT})


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("http://localhost:3000", True),
        ("http://127.0.0.1:8080", True),
        ("http://[::1]:5173", True),
        ("http://localhost", True),
        ("http://localhost.evil.example", False),
        ("https://front.example.org", False),
    ],
)
def test_local_allows_any_localhost_port(client, origin, allowed):
    with override_settings(CORS_ALLOWED_ORIGIN_REGEXES=Local.CORS_ALLOWED_ORIGIN_REGEXES):
        response = client.get("/api/v0/", headers={"Origin": origin})

    assert (response.get("Access-Control-Allow-Origin") == origin) is allowed


def test_production_reads_its_origins_from_the_environment():
    code = (
        "import configurations, json; configurations.setup(); from django.conf import settings as s; "
        "print(json.dumps({'origins': s.CORS_ALLOWED_ORIGINS, 'regexes': getattr(s, 'CORS_ALLOWED_ORIGIN_REGEXES', []),"
        " 'urls': s.CORS_URLS_REGEX, 'credentials': s.CORS_ALLOW_CREDENTIALS}))"
    )
    env = {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "nest.example.org"}

    unset = load_settings("Production", code=code, **env)
    listed = load_settings(
        "Production", code=code, DJANGO_CORS_ALLOWED_ORIGINS="https://a.example,https://b.example", **env
    )

    assert unset.returncode == 0, unset.stderr
    assert listed.returncode == 0, listed.stderr
    assert json.loads(unset.stdout.splitlines()[-1]) == {
        "origins": [],
        "regexes": [],
        "urls": "^/(api|graphql)/",
        "credentials": False,
    }
    loaded = json.loads(listed.stdout.splitlines()[-1])
    assert loaded["origins"] == ["https://a.example", "https://b.example"]
    assert re.match(loaded["urls"], "/api/v0/projects/")
    assert not re.match(loaded["urls"], "/projects/")

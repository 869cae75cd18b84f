"""Content-Security-Policy and the other security headers on the public site, the admin and static files."""

import re

import pytest
from django.test import Client

from theme.cache import bump_site_data_version

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.nest.urls")]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


def test_public_pages_get_the_strict_policy(client):
    response = client.get("/about/")

    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # the nonce only appears when a page uses it
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/projects/", "/chapters/", "/robots.txt", "/no-such-page/", "/api/v0/"])
def test_every_public_response_has_the_strict_policy_and_the_other_headers(client, path):
    response = client.get(path)

    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_static_files_and_early_redirects_get_a_policy_too(settings):
    settings.DEBUG = True  # WhiteNoise finds files in the app folders, as under runserver
    client = Client()

    static = client.get("/static/css/site.css")
    redirect = client.get("/projects")  # APPEND_SLASH, answered before any view

    assert static.status_code == 200
    assert "frame-ancestors 'none'" in static["Content-Security-Policy"]
    assert redirect.status_code == 301
    assert "frame-ancestors 'none'" in redirect["Content-Security-Policy"]


def test_an_inline_script_carries_the_nonce_of_its_responses_policy(client):
    response = client.get("/test-inline-script/")

    nonce = re.search(r'nonce="([^"]+)"', response.content.decode())[1]
    assert f"'nonce-{nonce}'" in directives(response)["script-src"]
    assert client.get("/test-inline-script/")["Content-Security-Policy"] != response["Content-Security-Policy"]


def test_a_cached_page_keeps_the_policy_and_nonce_it_was_rendered_with(client, settings):
    settings.NEST_PAGE_CACHE_SECONDS = 60
    bump_site_data_version("test start")
    first = client.get("/test-inline-script/")

    second = client.get("/test-inline-script/")

    assert second["X-Nest-Cache"] == "hit"
    nonce = re.search(r'nonce="([^"]+)"', second.content.decode())[1]
    assert f"'nonce-{nonce}'" in directives(second)["script-src"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_the_wagtail_admin_gets_its_own_looser_policy_and_may_frame_its_previews(client):
    response = client.get("/cms/login/")

    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_the_django_admin_keeps_the_strict_policy(client):
    response = client.get("/django-admin/login/")

    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_graphiql_runs_only_the_sites_own_scripts_and_the_api_stays_json(client, settings):
    settings.NEST_GRAPHIQL = True
    page = client.get("/graphql/", HTTP_ACCEPT="text/html")
    api = client.post("/graphql/", {"query": "{ __typename }"}, content_type="application/json")

    assert "GraphiQL" in page.content.decode()
    assert directives(page)["script-src"] == ["'self'"]
    assert api.status_code == 200
    assert "frame-ancestors 'none'" in api["Content-Security-Policy"]

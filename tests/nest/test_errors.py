"""What visitors see when something fails: the site's own 500 page with DEBUG off, and 404 (never 500) for
a path no view can hold."""

import pytest
from django.test import Client

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.nest.urls")]

NUL_PATHS = [
    "/%00",
    "/projects/%00/",
    "/projects/juice-shop%00/",
    "/members/%00/",
    "/organizations/a%00b/",
    "/repositories/OWASP/%00/",
    "/api/v0/projects/%00/",
    "/cms/pages/%00/",
    "/static/css/site.css%00",
    "/documents/1/%00.pdf",
]


def test_a_failing_view_shows_the_sites_500_page_without_a_traceback_with_debug_off(settings):
    settings.DEBUG = False

    response = Client(raise_request_exception=False).get("/test-failure/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "Traceback" not in html
    assert "RuntimeError" not in html and "secret-settings-value" not in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_with_debug_on_the_developer_gets_the_traceback(settings):
    settings.DEBUG = True

    response = Client(raise_request_exception=False).get("/test-failure/")

    assert response.status_code == 500
    assert "secret-settings-value" in response.content.decode()


@pytest.mark.parametrize("path", NUL_PATHS)
def test_a_nul_byte_in_the_path_is_not_found(data_dir, path):
    factories.project_site(data_dir, limit=2, health_days=1)

    response = Client(raise_request_exception=False).get(path)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()

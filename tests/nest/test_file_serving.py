"""Paths that climb out of the static, media or documents folders are not found, never a server error,
whether files are served by WhiteNoise (DEBUG off), by ``runserver`` (DEBUG on) or by the media view."""

import importlib
import io

import pytest
from django.core import signals
from django.core.management import get_commands, load_command_class
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db

TRAVERSALS = [
    "/static/../nest/settings/base.py",
    "/static/%2e%2e/nest/settings/base.py",
    "/static/..%2fnest/settings/base.py",
    "/static/css/../../../../nest/settings/base.py",
    "/static//etc/passwd",
    "/media/../nest/settings/base.py",
    "/media/%2e%2e/%2e%2e/nest/settings/base.py",
    "/media//etc/passwd",
    "/documents/../nest/settings/base.py",
    "/documents/1/..%2f..%2fnest%2fsettings%2fbase.py",
]


@pytest.fixture
def debug_urls(settings):
    """DEBUG on, with the URLconf rebuilt as DEBUG builds it (it adds the media view)."""
    import nest.urls

    settings.DEBUG = True
    importlib.reload(nest.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(nest.urls)
    clear_url_caches()


def wsgi_get(handler, path: str) -> tuple[int, bytes]:
    """One GET through a WSGI handler, as ``runserver``'s server makes it."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    environ["wsgi.input"] = io.BytesIO(b"")
    status = []
    # As Django's test client does: the request's end must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(handler(environ, lambda line, headers, exc_info=None: status.append(line)))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return int(status[0].split()[0]), body


@pytest.mark.parametrize("path", TRAVERSALS)
def test_a_path_out_of_the_served_folders_is_not_found_with_debug_off(path):
    response = Client(raise_request_exception=False).get(path)

    assert response.status_code == 404


@pytest.mark.parametrize("path", TRAVERSALS)
def test_a_path_out_of_the_served_folders_is_not_found_with_debug_on(debug_urls, path):
    response = Client(raise_request_exception=False).get(path)

    assert response.status_code == 404


def test_the_media_view_still_serves_uploaded_files_with_debug_on(debug_urls, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "logo.txt").write_text("uploaded")
    import nest.urls

    importlib.reload(nest.urls)  # the media view's folder is bound when the URLconf is built
    clear_url_caches()

    response = Client().get("/media/original_images/logo.txt")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"uploaded"


def test_runserver_leaves_static_files_to_whitenoise_and_answers_traversal_with_404(settings):
    settings.DEBUG = True
    command = load_command_class(get_commands()["runserver"], "runserver")
    options = command.create_parser("manage.py", "runserver").parse_args([])
    assert options.use_static_handler is False  # staticfiles' own handler answers traversal with a 500

    handler = command.get_handler(**vars(options))

    assert wsgi_get(handler, "/static/css/site.css")[0] == 200
    for path in TRAVERSALS:
        status, body = wsgi_get(handler, path)
        assert status == 404, path
        assert b"class Base(Configuration)" not in body

"""WSGI entry point (gunicorn nest.wsgi)."""

from nest.bootstrap import setup_environment

setup_environment()

from configurations.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

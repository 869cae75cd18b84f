"""ASGI entry point."""

from nest.bootstrap import setup_environment

setup_environment()

from configurations.asgi import get_asgi_application  # noqa: E402

application = get_asgi_application()

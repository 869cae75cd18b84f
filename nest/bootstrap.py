"""Shared start-up of every process (web, worker, beat): environment defaults, embedded database, settings."""

import os


def setup_environment(default_configuration: str = "Local") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nest.settings")
    os.environ.setdefault("DJANGO_CONFIGURATION", default_configuration)
    from nest.embedded_db import ensure_started

    ensure_started()

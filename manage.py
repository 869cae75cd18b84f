#!/usr/bin/env python
"""Django's command-line utility, with the settings class chosen by DJANGO_CONFIGURATION (default Local)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nest.settings")
    os.environ.setdefault("DJANGO_CONFIGURATION", "Local")
    # `manage.py embedded_db stop|status` must not start the cluster it is asked about.
    if sys.argv[1:2] != ["embedded_db"]:
        from nest.embedded_db import ensure_started

        ensure_started()
    from configurations.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Serve Nest on the embedded defaults: migrate, bootstrap, then web server, Celery worker and beat together.
# Ctrl-C (or any one of the three exiting) stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

"$PY" -m nest.preflight
"$PY" -m nest.embedded_db start
"$PY" manage.py migrate --noinput
"$PY" manage.py bootstrap

exec scripts/serve.sh

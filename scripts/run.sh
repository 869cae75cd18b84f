#!/usr/bin/env bash
# Serve Nest on the embedded defaults: migrate, bootstrap, then web server, Celery worker and beat together.
# Ctrl-C (or any one of the three exiting) stops them all. Without a GitHub OAuth app (GITHUB_OAUTH_CLIENT_ID
# empty), sign-in with GitHub goes to the local fake GitHub OAuth server (scripts/fake-github-oauth.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

"$PY" -m nest.preflight
"$PY" -m nest.embedded_db start
"$PY" manage.py migrate --noinput
"$PY" manage.py bootstrap

. scripts/fake-github-oauth.sh
trap nest_stop_fake_oauth EXIT
scripts/serve.sh

#!/usr/bin/env bash
# Serve Nest: web server, Celery worker and beat together, on an already migrated database.
# Ctrl-C (or any one of the three exiting) stops them all. `make run` and `make demo` end with it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST="${NEST_HOST:-127.0.0.1}"
PORT="${NEST_PORT:-8000}"

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo "Stopping web, worker and beat..."
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  echo "Stopped. The embedded database keeps running; stop it with: .venv/bin/python manage.py embedded_db stop"
}
trap cleanup INT TERM EXIT

.venv/bin/celery -A nest worker --loglevel=INFO --concurrency="${NEST_WORKER_CONCURRENCY:-2}" & pids+=($!)
.venv/bin/celery -A nest beat --loglevel=INFO --scheduler django_celery_beat.schedulers:DatabaseScheduler & pids+=($!)
"$PY" manage.py runserver "$HOST:$PORT" --noreload & pids+=($!)

echo "Nest is starting at http://$HOST:$PORT/ (admin: /cms/, Django admin: /django-admin/, health: /healthz). Ctrl-C stops it."
wait -n

#!/usr/bin/env bash
# The whole product offline on generated GitHub data: a database of its own (.pgdata-demo, marked as a demo
# database), the real OWASP data, a local fake GitHub with repositories for the real project pages, synced
# through the real client; then web server, Celery worker and beat, as `make run` does. Ctrl-C stops it all.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
FAKE_PORT="${NEST_DEMO_GITHUB_PORT:-8765}"

export NEST_DEMO=1
export NEST_PGDATA="${NEST_DEMO_PGDATA:-$PWD/.pgdata-demo}"
export GITHUB_API_URL="http://127.0.0.1:$FAKE_PORT"
export GITHUB_TOKEN=""
if [ -n "${DATABASE_URL:-}" ]; then
  echo "make demo uses a database of its own (.pgdata-demo): unset DATABASE_URL" >&2
  exit 1
fi

"$PY" -m nest.preflight
"$PY" -m nest.embedded_db start
"$PY" manage.py migrate --noinput
"$PY" manage.py bootstrap
. scripts/fake-github-oauth.sh

log=var/demo-github.log
mkdir -p var
"$PY" manage.py demo_github --port "$FAKE_PORT" --serve >"$log" 2>&1 &
fake=$!
trap 'kill "$fake" 2>/dev/null || true; wait "$fake" 2>/dev/null || true; nest_stop_fake_oauth' EXIT
echo "Generating and syncing the demo's GitHub data (log: $log)..."
until grep -q "Demo data ready" "$log"; do
  if ! kill -0 "$fake" 2>/dev/null; then
    cat "$log" >&2
    echo "The demo's GitHub sync failed (above)." >&2
    exit 1
  fi
  sleep 1
done
tail -n 3 "$log"

scripts/serve.sh

# Sourced by scripts/run.sh and scripts/demo.sh (after migrate): when no GitHub OAuth app is configured
# (GITHUB_OAUTH_CLIENT_ID empty), start the local fake GitHub OAuth server (devtools) and point sign-in at it, so
# "Sign in with GitHub" works offline: the fake's page, plainly labelled as such, asks whom to sign in as.
# NEST_FAKE_GITHUB_OAUTH=0 turns it off; NEST_FAKE_GITHUB_OAUTH_PORT picks its port (default 8766).
# Only these development scripts start it: the production settings and image know nothing of it.
if [ -z "${GITHUB_OAUTH_CLIENT_ID:-}" ] && [ "${NEST_FAKE_GITHUB_OAUTH:-1}" != "0" ]; then
  oauth_dir="${NEST_FAKE_GITHUB_OAUTH_DIR:-var}"  # its settings and log
  mkdir -p "$oauth_dir"
  oauth_env="$oauth_dir/fake-github-oauth.env"
  oauth_log="$oauth_dir/fake-github-oauth.log"
  rm -f "$oauth_env"
  "$PY" manage.py run_fake_github_oauth --port "${NEST_FAKE_GITHUB_OAUTH_PORT:-8766}" --env-file "$oauth_env" \
    >"$oauth_log" 2>&1 &
  fake_oauth=$!
  nest_stop_fake_oauth() { kill "$fake_oauth" 2>/dev/null || true; wait "$fake_oauth" 2>/dev/null || true; }
  until [ -s "$oauth_env" ]; do
    if ! kill -0 "$fake_oauth" 2>/dev/null; then
      cat "$oauth_log" >&2
      echo "The local fake GitHub OAuth server did not start (above)." >&2
      exit 1
    fi
    sleep 0.2
  done
  # shellcheck disable=SC1090
  . "$oauth_env"
  echo "Sign-in with GitHub goes to the local fake at $GITHUB_OAUTH_API_URL (no GitHub OAuth app configured)."
else
  nest_stop_fake_oauth() { :; }
fi

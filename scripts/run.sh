#!/usr/bin/env bash
# The README's run command: set up, train if needed, make sure there is a job index, then start
#   Rasa server   127.0.0.1:5005  (REST channel, HTTP API behind a token)
#   action server 127.0.0.1:5055
#   web app       127.0.0.1:8000  (chat widget demo, matching API, caseworker console)
# on embedded defaults (SQLite under var/, a local index file). Ctrl-C stops everything it started.
# JOBBCOACH_RASA_PROCESSES=2 puts two Rasa processes behind HAProxy on the Rasa port, with Redis as
# their lock store (setup installs both from Debian; docs/scaling.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
say() { printf '\033[1;34m[run]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[run]\033[0m %s\n' "$*" >&2; exit 1; }

scripts/setup.sh
umask 077  # from here on (var/, its databases, logs, tokens, models): the service's own user only
source scripts/env.sh
# One Rasa process by default; JOBBCOACH_RASA_PROCESSES=2 (up to 9) runs that many behind HAProxy,
# with Redis as their lock store, both started here and stopped on Ctrl-C.
RASA_PROCESSES="${JOBBCOACH_RASA_PROCESSES:-1}"
[[ "$RASA_PROCESSES" =~ ^[1-9]$ ]] || die "JOBBCOACH_RASA_PROCESSES is a number from 1 to 9, not '$RASA_PROCESSES'"
if [ "$RASA_PROCESSES" -gt 1 ]; then
  export JOBBCOACH_REDIS_PORT="${JOBBCOACH_REDIS_PORT:-6390}"
  # the processes' own ports, behind the balancer: JOBBCOACH_RASA_BACKEND_PORTS=5101,5102 or the next ones
  IFS=, read -r -a BACKEND_PORTS <<< \
    "${JOBBCOACH_RASA_BACKEND_PORTS:-$(seq -s, $((JOBBCOACH_RASA_PORT + 1)) $((JOBBCOACH_RASA_PORT + RASA_PROCESSES)))}"
  [ "${#BACKEND_PORTS[@]}" -eq "$RASA_PROCESSES" ] \
    || die "JOBBCOACH_RASA_BACKEND_PORTS names ${#BACKEND_PORTS[@]} ports for $RASA_PROCESSES processes"
fi
haproxy_config() {  # the balancer: least connections, a process counts once Rasa answers on "/"
  cat <<CFG
global
  maxconn 4096
  stats socket $JOBBCOACH_VAR/haproxy.sock mode 600 level user
defaults
  mode http
  timeout connect 5s
  timeout client 2m
  timeout server 2m
frontend rasa
  bind 127.0.0.1:$JOBBCOACH_RASA_PORT
  default_backend rasa_processes
backend rasa_processes
  balance leastconn
  option httpchk GET /
CFG
  local i
  for i in "${!BACKEND_PORTS[@]}"; do
    echo "  server rasa-$((i + 1)) 127.0.0.1:${BACKEND_PORTS[$i]} check inter 2s"
  done
}

LOGS="$JOBBCOACH_VAR/logs"
mkdir -p "$LOGS"
# Each step prints one line (a progress bar while it runs); its output goes to $LOGS/<step>.log.
step() { "$APP_PY" scripts/step.py --logs "$LOGS" "$@" || die "stopped: the log named above says why"; }

# The per-user store's schema (and the console's tables): Alembic, to the newest revision.
step migrate "database schema (Alembic upgrade head)" -- "$APP_PY" -m migrations upgrade
step train "Rasa model (trained only when its inputs changed)" --progress rasa -- scripts/train.sh
model="$(tail -n 1 "$LOGS/train.log")"

# The Rasa HTTP API and REST channel are never open without a token (the web app holds it); the
# action server answers only Rasa (action token); internal pushes (Rasa's REST channel -> the web
# app's /internal/push) carry the internal token. All live in 0600 files, never on a command line:
# bot/rasa_main.py, actions/serve.py and the web app read them.
chmod 700 "$JOBBCOACH_VAR"
for name in rasa_token action_token internal_token; do
  [ -s "$JOBBCOACH_VAR/$name" ] || (umask 077; "$APP_PY" -c 'import secrets; print(secrets.token_urlsafe(32))' > "$JOBBCOACH_VAR/$name")
done
export JOBBCOACH_RASA_TOKEN="${JOBBCOACH_RASA_TOKEN:-$(cat "$JOBBCOACH_VAR/rasa_token")}"
export JOBBCOACH_WEB_URL="${JOBBCOACH_WEB_URL:-http://127.0.0.1:$JOBBCOACH_WEB_PORT}"
export JOBBCOACH_PUBLIC_URL="${JOBBCOACH_PUBLIC_URL:-http://127.0.0.1:$JOBBCOACH_WEB_PORT}"

step index "job-ads index (built once, then reused)" --progress tqdm -- scripts/ensure_index.sh

pids=() names=()
stop_all() {
  trap - INT TERM EXIT
  say "stopping"
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

start() {  # name, command...: each service in its own process group, logging to var/logs/NAME.log
  local name="$1"; shift
  setsid "$@" >"$LOGS/$name.log" 2>&1 &
  pids+=($!) names+=("$name")
  say "started $name (log: $LOGS/$name.log)"
}
check_services() {  # a service that stopped is named, with the end of its log: the reason is usually there
  local i
  for i in "${!pids[@]}"; do
    kill -0 "${pids[$i]}" 2>/dev/null && continue
    tail -n 20 "$LOGS/${names[$i]}.log" >&2 || true
    die "the ${names[$i]} service stopped (the end of $LOGS/${names[$i]}.log is above)"
  done
}
wait_ready() {  # name, url, seconds
  local name="$1" url="$2" seconds="$3" i
  for ((i = 0; i < seconds * 2; i++)); do
    "$APP_PY" - "$url" <<'PY' 2>/dev/null && { say "$name is ready"; return 0; }
import os, sys, urllib.request
# {token} is filled in here, from the environment, so the token never shows in `ps`.
urllib.request.urlopen(sys.argv[1].replace("{token}", os.environ["JOBBCOACH_RASA_TOKEN"]), timeout=2)
PY
    check_services
    sleep 0.5
  done
  die "$name was not ready after $seconds s; see $LOGS/$name.log"
}

# WAL (kept in the database file): the console and a second Rasa process read while one writes.
"$APP_PY" -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL")' "$JOBBCOACH_TRACKER_DB"

start actions env SANIC_HOST=127.0.0.1 "$APP_PY" -m actions.serve --actions actions --port "$JOBBCOACH_ACTION_PORT"
rasa_run=("$RASA_PY" -m bot.rasa_main run --model "$model" --credentials "${JOBBCOACH_CREDENTIALS:-bot/credentials.yml}"
          --enable-api -i 127.0.0.1)
if [ "$RASA_PROCESSES" -eq 1 ]; then
  start rasa "${rasa_run[@]}" --endpoints bot/endpoints.yml -p "$JOBBCOACH_RASA_PORT"
else
  # Several Rasa processes behind HAProxy on the Rasa port; any of them takes any message, because the
  # conversation lives in the shared tracker store and the Redis lock store makes one conversation's
  # messages take turns (docs/scaling.md).
  start redis redis-server --port "$JOBBCOACH_REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no
  for i in "${!BACKEND_PORTS[@]}"; do
    start "rasa-$((i + 1))" "${rasa_run[@]}" --endpoints bot/endpoints-scaled.yml -p "${BACKEND_PORTS[$i]}"
  done
  haproxy_config > "$JOBBCOACH_VAR/haproxy.cfg"
  haproxy -c -q -f "$JOBBCOACH_VAR/haproxy.cfg" || die "the balancer's configuration is not valid: $JOBBCOACH_VAR/haproxy.cfg"
  start balancer haproxy -db -f "$JOBBCOACH_VAR/haproxy.cfg"
fi
start web "$APP_PY" -m uvicorn web.app:app --host 127.0.0.1 --port "$JOBBCOACH_WEB_PORT" --no-proxy-headers
# JobStream changes on a schedule; each round publishes a new index version that the action server
# and the web app switch to by themselves (jobmatch/README.md). JOBBCOACH_SYNC_SECONDS=0 turns it off.
if [ "${JOBBCOACH_SYNC_SECONDS:-3600}" != "0" ]; then
  start sync "$APP_PY" -m jobmatch sync --quiet --index "$JOBBCOACH_INDEX" --every "${JOBBCOACH_SYNC_SECONDS:-3600}"
fi

wait_ready "action server" "http://127.0.0.1:$JOBBCOACH_ACTION_PORT/health" 120
wait_ready "web app" "http://127.0.0.1:$JOBBCOACH_WEB_PORT/api/health" 120
say "loading the Rasa model (about a minute)"
if [ "$RASA_PROCESSES" -gt 1 ]; then
  for i in "${!BACKEND_PORTS[@]}"; do
    wait_ready "Rasa process $((i + 1))" "http://127.0.0.1:${BACKEND_PORTS[$i]}/status?token={token}" 300
  done
fi
wait_ready "Rasa server" "$JOBBCOACH_RASA_URL/status?token={token}" 300

cat <<EOT

  Jobbcoach is running.
    Chat in the browser:   http://127.0.0.1:$JOBBCOACH_WEB_PORT/
    REST channel:          POST $JOBBCOACH_RASA_URL/webhooks/rest/webhook  {"sender": "me", "message": "hej"}
                           (header "Authorization: Bearer <token in var/rasa_token>")
    Chat in the terminal:  make chat
    Matching API docs:     http://127.0.0.1:$JOBBCOACH_WEB_PORT/docs
    Caseworker console:    http://127.0.0.1:$JOBBCOACH_WEB_PORT/console
                           (first admin: .venvs/app/bin/python -m web.console create-admin --username NAME)
  Press Ctrl-C to stop.

EOT
wait -n "${pids[@]}" || true
check_services
die "a service stopped; see the logs in $LOGS"

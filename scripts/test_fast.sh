#!/usr/bin/env bash
# `make test-fast`: the tests that start no server (no Rasa, action server, web app, PostgreSQL,
# Redis, browser), for the edit-run loop. They still use real databases (SQLite), the real index
# (built once per session through the CLI) and real HTTP in-process. `make test` runs everything.
# Extra arguments go to pytest: scripts/test_fast.sh tests/actions -k search
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$JOBBCOACH_ROOT"
started=$(date +%s.%N)
"$APP_PY" -m pytest --fast -q -p no:cacheprovider "$@"
printf '\033[1;34m[test-fast]\033[0m %.0f s\n' "$(echo "$(date +%s.%N) - $started" | bc)"

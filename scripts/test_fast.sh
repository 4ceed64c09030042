#!/usr/bin/env bash
# `make test-fast`: the tests that start no server (no Rasa, action server, web app, PostgreSQL,
# Redis, browser), for the edit-run loop. They still use real databases (SQLite), the real index
# (built once per session through the CLI) and real HTTP in-process. `make test` runs everything.
# Extra arguments go to pytest: scripts/test_fast.sh tests/actions -k search
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$JOBBCOACH_ROOT"
started=$(date +%s)
"$APP_PY" -m pytest --fast -q -p no:cacheprovider -n "${JOBBCOACH_TEST_WORKERS:-2}" --dist worksteal "$@"
echo "[test-fast] $(( $(date +%s) - started )) s"
